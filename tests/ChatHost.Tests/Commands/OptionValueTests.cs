using System.CommandLine;
using ModelScale.ChatHost.Commands;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>
/// Every typed option of every verb, found by walking the real root command, driven with a value that is not a number,
/// a huge one, a negative one and NaN: each must be refused by the parser with one sentence and exit code 1, before any
/// verb runs. The real command's Parse and Invoke are what the executable's Program.cs calls.
/// </summary>
public sealed class OptionValueTests
{
    /// <summary>What a verb needs besides the option under test, so that the option's error is the only one.</summary>
    private static readonly Dictionary<string, string[]> BaseArguments = new(StringComparer.Ordinal)
    {
        ["plan"] = ["1b"],
        ["replay"] = ["conversation.json", "--profiles", "1b"],
        ["advise"] = ["conversation.json", "--profiles", "1b"],
        ["inspect"] = ["model.gguf"],
        ["pull"] = ["1b"],
    };

    private static readonly Type[] TypedValues =
    [
        typeof(int), typeof(int?), typeof(long), typeof(long?), typeof(float), typeof(float?), typeof(double), typeof(double?), typeof(Uri),
    ];

    public static TheoryData<string, string, string> BadValues()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (verb, option) in TypedOptions())
        {
            foreach (var value in new[] { "abc", "99999999999999999999", "-1", "NaN" })
            {
                data.Add(verb, option, value);
            }
        }

        return data;
    }

    [Fact]
    public void TypedOptions_AreFoundOnEveryVerbThatHasThem()
    {
        var verbs = TypedOptions().Select(o => o.Verb).Distinct().ToList();

        Assert.Equal(["advise", "bench", "chat", "plan", "replay", "serve"], verbs.Order());
        Assert.Contains(("chat", "--connect"), TypedOptions());
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task BadValue_OfATypedOption_IsOneSentenceAndExitCode1(string verb, string option, string value)
    {
        string[] args = [.. verb.Split(' '), .. BaseArguments.GetValueOrDefault(verb, []), option, value];
        var parsed = RootCommandFactory.Create().Parse(args);

        // The parser must refuse the value itself: a value that got through would start the verb.
        var error = Assert.Single(parsed.Errors);
        Assert.StartsWith(option + " ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("Cannot parse", error.Message, StringComparison.Ordinal);

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });

        Assert.Equal(1, exit);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal([error.Message], lines);
    }

    [Theory]
    [InlineData("--threads", "4")]
    [InlineData("--ctx", "2048")]
    [InlineData("--max-tokens", "1048576")]
    [InlineData("--temperature", "0.7")]
    [InlineData("--seed", "4294967295")]
    [InlineData("--connect", "http://127.0.0.1:11435")]
    public void GoodValue_OfATypedOption_Parses(string option, string value)
    {
        Assert.Empty(RootCommandFactory.Create().Parse(["chat", option, value]).Errors);
    }

    [Fact]
    public void ThreadsAboveTheCeiling_NamesTheReason()
    {
        var tooMany = OptionRules.MostThreads + 1;

        var error = Assert.Single(RootCommandFactory.Create().Parse(["serve", "--threads", $"{tooMany}"]).Errors);

        Assert.Equal(
            $"--threads must be from 1 to {OptionRules.MostThreads}, not {tooMany}; more than {OptionRules.ThreadsPerProcessor} threads per logical processor (this machine has {Environment.ProcessorCount}) only slow generation down.",
            error.Message);
    }

    [Theory]
    [InlineData("bench", "--flash-attention", "fast", "--flash-attention must be auto, on or off, not 'fast'.")]
    [InlineData("serve", "--keep-alive", "soon", "--keep-alive: 'soon' is not a duration; write it like 30s, 5m, 1h or never.")]
    [InlineData("serve", "--parallel", "-1", "--parallel: '-1' is not a number of sequences from 1 to 64, or auto.")]
    [InlineData("plan 1b", "--kv-type", "f8", "--kv-type must be f16 or q8_0, not 'f8'.")]
    [InlineData("replay c.json -p 1b", "--format", "pdf", "--format: 'pdf' is not a report format; use md, html, json, png, separated by commas.")]
    [InlineData("replay c.json -p 1b", "--bench-cache", "/no/such/bench-cache", "--bench-cache: there is no folder '/no/such/bench-cache'; give the folder `bench --cache-dir` measured into.")]
    [InlineData("advise c.json -p 1b", "--bench-cache", "/no/such/bench-cache", "--bench-cache: there is no folder '/no/such/bench-cache'; give the folder `bench --cache-dir` measured into.")]
    public void BadValue_OfAWordOption_IsOneSentence(string verb, string option, string value, string expected)
    {
        var error = Assert.Single(RootCommandFactory.Create().Parse([.. verb.Split(' '), option, value]).Errors);

        Assert.Equal(expected, error.Message);
    }

    private static IEnumerable<(string Verb, string Option)> TypedOptions()
    {
        foreach (var verb in Verbs(RootCommandFactory.Create(), ""))
        {
            foreach (var option in verb.Command.Options.Where(o => TypedValues.Contains(o.ValueType)))
            {
                yield return (verb.Path, option.Name);
            }
        }
    }

    private static IEnumerable<(string Path, Command Command)> Verbs(Command command, string path)
    {
        foreach (var sub in command.Subcommands)
        {
            var subPath = path.Length == 0 ? sub.Name : $"{path} {sub.Name}";
            yield return (subPath, sub);
            foreach (var nested in Verbs(sub, subPath))
            {
                yield return nested;
            }
        }
    }
}
