using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Tests.Engine.Tools;

/// <summary>
/// Each family's parser fed a character at a time, as a model writes: a call begins as soon as its name and the opening
/// of its arguments are written, its arguments stream as they come, and none of its markup is ever text.
/// </summary>
public sealed class ToolCallStreamingTests
{
    private const string Arguments = "{\"city\": \"Oslo\", \"days\": 2}";

    public static TheoryData<ToolFamily, string, string> OneCallPerFamily => new()
    {
        { ToolFamily.Hermes, "Sure.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": " + Arguments + "}\n</tool_call>", "Sure.\n" },
        { ToolFamily.Llama3, "{\"name\": \"get_weather\", \"parameters\": " + Arguments + "}", string.Empty },
        { ToolFamily.Llama3, "<|python_tag|>{\"type\": \"function\", \"name\": \"get_weather\", \"parameters\": " + Arguments + "}", string.Empty },
        { ToolFamily.Mistral, "[TOOL_CALLS] [{\"name\": \"get_weather\", \"arguments\": " + Arguments + ", \"id\": \"abcdefghi\"}]", string.Empty },
        { ToolFamily.Mistral, "[{\"name\": \"get_weather\", \"arguments\": " + Arguments + "}]", string.Empty },
        { ToolFamily.Generic, "{\"tool_calls\": [{\"name\": \"get_weather\", \"arguments\": " + Arguments + "}]}", string.Empty },
    };

    [Theory]
    [MemberData(nameof(OneCallPerFamily))]
    public void ACall_BeginsWhenItsArgumentsOpen_AndTheyStreamACharacterAtATime(ToolFamily family, string answer, string text)
    {
        var parser = ToolFormat.For(family).CreateParser();
        var fed = new List<(int At, ToolParsePart Part)>();
        for (var i = 0; i < answer.Length; i++)
        {
            fed.AddRange(parser.Feed(answer[i].ToString()).Parts.Select(p => (i, p)));
        }

        fed.AddRange(parser.Finish().Parts.Select(p => (answer.Length, p)));

        var opens = answer.IndexOf(Arguments, StringComparison.Ordinal);
        var begin = Assert.Single(fed, f => f.Part is ToolCallBegin);
        Assert.Equal((opens, new ToolCallBegin(0, "get_weather")), (begin.At, (ToolCallBegin)begin.Part));

        // One fragment per character fed, each sent when its character came: the arguments stream as the model writes them.
        var fragments = fed.Where(f => f.Part is ToolCallArguments).ToList();
        Assert.Equal(Arguments.Length, fragments.Count);
        Assert.Equal(Enumerable.Range(opens, Arguments.Length), fragments.Select(f => f.At));
        Assert.Equal(Arguments, string.Concat(fragments.Select(f => ((ToolCallArguments)f.Part).Fragment)));

        var end = Assert.Single(fed, f => f.Part is ToolCallEnd);
        Assert.InRange(end.At, opens + Arguments.Length, answer.Length - 1);
        Assert.Equal(new ParsedToolCall("get_weather", Arguments), ((ToolCallEnd)end.Part).Call);

        // The text before the call was shown before it began, and nothing of the call is text.
        Assert.Equal(text, string.Concat(fed.Select(f => f.Part).OfType<ToolText>().Select(t => t.Text)));
        Assert.All(fed.Where(f => f.Part is ToolText), f => Assert.True(f.At < opens));
    }

    [Theory]
    [InlineData("{\"a\":1]", "{\"a\":1")]
    [InlineData("{\"a\": tru}", "{\"a\": tru")]
    [InlineData("{\"a\" 1}", "{\"a\" ")]
    [InlineData("{,}", "{")]
    [InlineData("{\"a\": {\"b\": [1, 2}}", "{\"a\": {\"b\": [1, 2")]
    public void ArgumentsThatStopBeingJson_EndTheCallAtTheFirstBadCharacter_AsACutCallEnds(string arguments, string asFarAsJson)
    {
        foreach (var (family, answer) in new[]
        {
            (ToolFamily.Hermes, "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": " + arguments + "}\n</tool_call>"),
            (ToolFamily.Llama3, "{\"name\": \"get_weather\", \"parameters\": " + arguments + "}"),
            (ToolFamily.Mistral, "[TOOL_CALLS] [{\"name\": \"get_weather\", \"arguments\": " + arguments + "}]"),
            (ToolFamily.Generic, "{\"tool_calls\": [{\"name\": \"get_weather\", \"arguments\": " + arguments + "}]}"),
        })
        {
            var collector = new ToolCallCollector(ToolFormat.For(family).CreateParser(), parallel: true);
            var contents = ToolTestData.Pieces(answer, 1).SelectMany(p => collector.Feed(p) ?? []).ToList();
            contents.AddRange(collector.Finish() ?? []);

            // The call ends with its arguments as far as they were JSON, which the deltas add up to, and is not whole.
            var call = Assert.Single(contents.OfType<FunctionCallContent>());
            Assert.Equal(asFarAsJson, call.RawRepresentation);
            Assert.Equal(asFarAsJson, string.Concat(contents.OfType<FunctionCallDeltaContent>().Select(d => d.Arguments)));
            Assert.Null(call.Arguments);
            Assert.False(ToolJson.IsWhole(call), family.ToString());
        }
    }

    [Theory]
    [InlineData("Hello.")]
    [InlineData("{\"name\": \"get_time\", \"parameters\": {}}")]
    [InlineData("<|python_tag|>{\"name\": \"get_time\", \"parameters\": {}}")]
    public void Leading_ManyNewlinesFirst_AreHeldUntilTheAnswerBegins_ThenReadFromWhereTheyEnd(string after)
    {
        // Each newline comes alone, as a model printing blank lines writes them; the parser looks only at the new part.
        var answer = new string('\n', 10_000) + after;
        var parser = new Llama3ToolFormat().CreateParser();
        var parts = new List<ToolParsePart>();
        for (var i = 0; i < answer.Length; i++)
        {
            var step = parser.Feed(answer[i].ToString()).Parts;
            Assert.True(i >= 10_000 || step.Count == 0, "whitespace alone decides nothing");
            parts.AddRange(step);
        }

        parts.AddRange(parser.Finish().Parts);
        var text = string.Concat(parts.OfType<ToolText>().Select(t => t.Text));
        if (after.Contains("get_time", StringComparison.Ordinal))
        {
            Assert.Equal(new ParsedToolCall("get_time", "{}"), Assert.Single(parts.OfType<ToolCallEnd>()).Call);
            Assert.Equal(string.Empty, text);
        }
        else
        {
            Assert.Equal(answer, text);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(1000)]
    public void Llama3_CallsSeparatedBySemicolons_AreParallelCalls_WithOrWithoutThePythonTag(int size)
    {
        foreach (var answer in new[]
        {
            "{\"name\": \"get_time\", \"parameters\": {}}; {\"name\": \"get_weather\", \"parameters\": " + Arguments + "}",
            "<|python_tag|>{\"name\": \"get_time\", \"parameters\": {}};{\"name\": \"get_weather\", \"parameters\": " + Arguments + "}\n",
        })
        {
            var parser = new Llama3ToolFormat().CreateParser();
            var parts = ToolTestData.Pieces(answer, size).SelectMany(p => parser.Feed(p).Parts).ToList();
            parts.AddRange(parser.Finish().Parts);

            Assert.Equal(string.Empty, string.Concat(parts.OfType<ToolText>().Select(t => t.Text)));
            Assert.Equal([new ToolCallBegin(0, "get_time"), new ToolCallBegin(1, "get_weather")], parts.OfType<ToolCallBegin>());
            Assert.Equal(
                [new ParsedToolCall("get_time", "{}"), new ParsedToolCall("get_weather", Arguments)],
                parts.OfType<ToolCallEnd>().Select(e => e.Call));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(1000)]
    public void Llama3_BuiltInToolCall_AfterThePythonTag_IsACall(int size)
    {
        const string answer = "<|python_tag|>brave_search.call(query=\"weather in Oslo (Norway)\", count=3, safe=true)";
        var (text, calls) = new Llama3ToolFormat().CreateParser().ParseAll(ToolTestData.Pieces(answer, size));

        Assert.Equal(string.Empty, text);
        Assert.Equal(new ParsedToolCall("brave_search", "{\"query\":\"weather in Oslo (Norway)\",\"count\":3,\"safe\":true}"), Assert.Single(calls));
    }

    [Theory]
    [InlineData("<|python_tag|>print(1 + 1)")]
    [InlineData("<|python_tag|>wolfram_alpha.call(query=)")]
    [InlineData("{\"name\": \"get_time\", \"parameters\": {}} and then some words")]
    public void Llama3_PythonTagThatIsNoCall_OrTextAfterACall_IsText(string answer)
    {
        var (text, calls) = new Llama3ToolFormat().CreateParser().ParseAll(ToolTestData.Pieces(answer, 3));
        if (answer.StartsWith('{'))
        {
            Assert.Equal("get_time", Assert.Single(calls).Name);
            Assert.Equal("and then some words", text);
        }
        else
        {
            Assert.Equal(answer, text);
            Assert.Empty(calls);
        }
    }

    [Fact]
    public void Hermes_ACallCutShort_EndsWithTheArgumentsItHas_AndTheCollectorKeepsThemRaw()
    {
        const string answer = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Os";
        var collector = new ToolCallCollector(new HermesToolFormat().CreateParser(), parallel: true);
        var contents = ToolTestData.Pieces(answer, 2).SelectMany(p => collector.Feed(p) ?? []).ToList();
        contents.AddRange(collector.Finish() ?? []);

        var deltas = contents.OfType<FunctionCallDeltaContent>().ToList();
        var call = Assert.Single(contents.OfType<FunctionCallContent>());
        Assert.Equal("get_weather", deltas[0].Name);
        Assert.All(deltas, d => Assert.Equal(call.CallId, d.CallId));
        Assert.Equal("{\"city\": \"Os", string.Concat(deltas.Select(d => d.Arguments)));
        Assert.Null(call.Arguments);
        Assert.Equal("{\"city\": \"Os", ToolJson.Arguments(call));
        Assert.Empty(contents.OfType<TextContent>());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Collector_StreamsEachCallAsDeltas_ThatAddUpToTheWholeCall(int size)
    {
        const string answer = "Checking.<tool_call>{\"arguments\": {\"tz\": \"UTC\"}, \"name\": \"get_time\"}</tool_call><tool_call>{\"name\": \"get_weather\", \"arguments\": " + Arguments + "}</tool_call>";
        var collector = new ToolCallCollector(new HermesToolFormat().CreateParser(), parallel: true);
        var contents = ToolTestData.Pieces(answer, size).SelectMany(p => collector.Feed(p) ?? []).ToList();
        contents.AddRange(collector.Finish() ?? []);

        var calls = contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(["get_time", "get_weather"], calls.Select(c => c.Name));
        foreach (var call in calls)
        {
            var deltas = contents.OfType<FunctionCallDeltaContent>().Where(d => d.CallId == call.CallId).ToList();
            Assert.Equal(call.Name, deltas[0].Name);
            Assert.All(deltas.Skip(1), d => Assert.Null(d.Name));
            Assert.Equal(call.RawRepresentation, string.Concat(deltas.Select(d => d.Arguments)));

            // Each call's pieces all come before the call itself.
            Assert.True(contents.IndexOf(deltas[^1]) < contents.IndexOf(call));
        }

        // A name written after the arguments: the call begins when the name comes, with the arguments so far in one piece.
        Assert.Equal("{\"tz\": \"UTC\"}", calls[0].RawRepresentation);
        Assert.Equal("Checking.", string.Concat(contents.OfType<TextContent>().Select(t => t.Text)));
    }

    [Fact]
    public void Hermes_ABodyThatStopsBeingJsonAtABadString_StillEndsAtTheClosingMarker()
    {
        const string answer = "<tool_call>{\"name\": \"bad\\q\"}</tool_call> and after";
        var parser = new HermesToolFormat().CreateParser();
        var shown = string.Concat(ToolTestData.Pieces(answer, 1).Select(p => parser.Feed(p).Text));

        // The markup comes back as text when the closing marker comes, not at the end of the answer.
        Assert.Equal(answer, shown + parser.Finish().Text);
        Assert.EndsWith("</tool_call> and after", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Marked_LongText_IsShownAsItComes_HoldingBackOnlyAPossibleMarker()
    {
        var parser = new HermesToolFormat().CreateParser();
        var answer = string.Concat(Enumerable.Repeat("a <tool and <tool_cal. ", 100));
        var shown = 0;
        for (var i = 0; i < answer.Length; i++)
        {
            shown += parser.Feed(answer[i].ToString()).Text.Length;
            Assert.InRange(i + 1 - shown, 0, HermesToolFormat.Open.Length - 1);
        }

        Assert.Equal(answer.Length, shown + parser.Finish().Text.Length);
    }
}
