using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Tests.Engine.Tools;

/// <summary>Each family's parser, on whole answers and on the same answers cut into pieces as a stream brings them.</summary>
public sealed class ToolCallParserTests
{
    public static TheoryData<int> PieceSizes => new() { 1, 2, 3, 7, 1000 };

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void Hermes_TextAroundTwoCalls_TextStaysAndCallsAreTakenOut(int size)
    {
        const string answer = "Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\", \"days\": 2}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>";
        var (text, calls) = new HermesToolFormat().CreateParser().ParseAll(ToolTestData.Pieces(answer, size));

        Assert.Equal("Let me check.\n\n", text);
        Assert.Collection(
            calls,
            c => Assert.Equal(("get_weather", "{\"city\": \"Oslo\", \"days\": 2}"), (c.Name, c.Arguments)),
            c => Assert.Equal(("get_time", "{}"), (c.Name, c.Arguments)));
    }

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void Hermes_NoMarkupIsLeakedWhileStreaming(int size)
    {
        const string answer = "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>";
        var parser = new HermesToolFormat().CreateParser();
        foreach (var piece in ToolTestData.Pieces(answer, size))
        {
            Assert.Equal(string.Empty, parser.Feed(piece).Text);
        }

        Assert.Equal(string.Empty, parser.Finish().Text);
    }

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void Hermes_TextThatOnlyLooksLikeAMarker_IsShownWhole(int size)
    {
        const string answer = "a < b and <tool> is not <tool_call";
        var (text, calls) = new HermesToolFormat().CreateParser().ParseAll(ToolTestData.Pieces(answer, size));
        Assert.Equal(answer, text);
        Assert.Empty(calls);
    }

    [Fact]
    public void Hermes_CallThatDoesNotParse_IsGivenBackAsText()
    {
        const string answer = "<tool_call>\nnot json\n</tool_call> done";
        var (text, calls) = new HermesToolFormat().CreateParser().ParseAll([answer]);
        Assert.Equal(answer, text);
        Assert.Empty(calls);
    }

    [Fact]
    public void Hermes_AnswerCutBeforeTheClosingMarker_StillCountsWhenItsJsonIsWhole()
    {
        var (text, calls) = new HermesToolFormat().CreateParser().ParseAll(["<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n"]);
        Assert.Equal(string.Empty, text);
        Assert.Equal("get_time", Assert.Single(calls).Name);
    }

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void Llama3_JsonAnswer_IsACall_WithOrWithoutThePythonTag(int size)
    {
        foreach (var answer in new[] { "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Oslo\", \"days\": 2}}", "<|python_tag|>{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Oslo\", \"days\": 2}}" })
        {
            var (text, calls) = new Llama3ToolFormat().CreateParser().ParseAll(ToolTestData.Pieces(answer, size));
            Assert.Equal(string.Empty, text);
            var call = Assert.Single(calls);
            Assert.Equal(("get_weather", "{\"city\": \"Oslo\", \"days\": 2}"), (call.Name, call.Arguments));
        }
    }

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void Llama3_PlainAnswer_StreamsAsText(int size)
    {
        const string answer = "  It is sunny in {Oslo}.";
        var parser = new Llama3ToolFormat().CreateParser();
        var shown = string.Concat(ToolTestData.Pieces(answer, size).Select(p => parser.Feed(p).Text));
        Assert.Equal(answer, shown + parser.Finish().Text);

        // Text streams as it comes: once the first letter is seen, nothing more is held back.
        Assert.Equal(answer.Length, shown.Length);
    }

    [Fact]
    public void Llama3_JsonThatIsNotACall_IsGivenBackAsText()
    {
        var (text, calls) = new Llama3ToolFormat().CreateParser().ParseAll(["{\"answer\": 42}"]);
        Assert.Equal("{\"answer\": 42}", text);
        Assert.Empty(calls);
    }

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void Mistral_ToolCallsArray_WithTheMarkerOrWithout(int size)
    {
        foreach (var answer in new[] { "[TOOL_CALLS] [{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\", \"days\": 2}, \"id\": \"abcdefghi\"}, {\"name\": \"get_time\", \"arguments\": {}}]", "[{\"name\": \"get_time\", \"arguments\": \"{}\"}]" })
        {
            var (text, calls) = new MistralToolFormat().CreateParser().ParseAll(ToolTestData.Pieces(answer, size));
            Assert.Equal(string.Empty, text);
            Assert.NotEmpty(calls);
            Assert.Equal("get_time", calls[^1].Name);
            Assert.Equal("{}", calls[^1].Arguments);
        }
    }

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void Mistral_TextAnswer_StaysText(int size)
    {
        const string answer = "[1] Oslo is sunny.";
        var (text, calls) = new MistralToolFormat().CreateParser().ParseAll(ToolTestData.Pieces(answer, size));
        Assert.Equal(answer, text);
        Assert.Empty(calls);
    }

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void Generic_ToolCallsObject_IsCalls_AndRandomTextIsText(int size)
    {
        var (none, noCalls) = new GenericToolFormat().CreateParser().ParseAll(ToolTestData.Pieces("xq}{ 7\u00e9", size));
        Assert.Equal("xq}{ 7\u00e9", none);
        Assert.Empty(noCalls);

        var (text, calls) = new GenericToolFormat().CreateParser().ParseAll(ToolTestData.Pieces("{\"tool_calls\": [{\"name\": \"get_time\", \"arguments\": {}}, {\"name\": \"get_weather\", \"arguments\": {\"city\": \"Rome\", \"days\": 1}}]}", size));
        Assert.Equal(string.Empty, text);
        Assert.Equal(["get_time", "get_weather"], calls.Select(c => c.Name));
    }
}
