using ModelScale.ChatHost.Commands;

namespace ModelScale.ChatHost.Tests.Bench;

public sealed class BenchCommandTests
{
    private static IReadOnlyList<string> Errors(string arguments) =>
        [.. RootCommandFactory.Create().Parse("bench " + arguments).Errors.Select(e => e.Message)];

    [Fact]
    public void Defaults_Parse()
    {
        Assert.Empty(Errors(string.Empty));
        Assert.Empty(Errors("--profiles 1b 7b --prompt-tokens 64 --gen-tokens 8 --threads 2 --repeat 1 --parallel 4 --json"));
    }

    [Theory]
    [InlineData("--prompt-tokens 1", "--prompt-tokens must be from 2 to 1,048,576 tokens, not 1.")]
    [InlineData("--gen-tokens 0", "--gen-tokens must be from 2 to 1,048,576 tokens, not 0.")]
    [InlineData("--threads 0", "--threads must be from 1 to")]
    [InlineData("--repeat 0", "--repeat must be from 1 to 1,000, not 0.")]
    [InlineData("--parallel 1", "--parallel must be from 2 to 64 sequences, not 1.")]
    [InlineData("--model m.gguf --profiles 1b", "Give --profiles or --model, not both.")]
    [InlineData("--ctx 256 --prompt-tokens 200 --gen-tokens 100", "--ctx 256 cannot hold the prompt and the answer (200 + 100 tokens).")]
    public void BadArguments_GetOneSentence(string arguments, string expected)
    {
        Assert.Contains(Errors(arguments), e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
