using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Tests.Engine.Tools;

public sealed class ToolCallCollectorTests
{
    private const string TwoCalls = "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\", \"days\": 2}}\n</tool_call>";

    [Theory]
    [InlineData(true, new[] { "get_time", "get_weather" })]
    [InlineData(false, new[] { "get_time" })]
    public void ParallelToolCalls_False_KeepsOnlyTheFirstCall(bool parallel, string[] expected)
    {
        var collector = new ToolCallCollector(new HermesToolFormat().CreateParser(), parallel);
        var contents = (collector.Feed(TwoCalls) ?? []).Concat(collector.Finish() ?? []).ToList();

        var calls = contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(expected, calls.Select(c => c.Name));
        Assert.Equal(expected.Length, collector.Count);
        Assert.All(calls, c => Assert.StartsWith("call_", c.CallId, StringComparison.Ordinal));
        Assert.Equal(calls.Count, calls.Select(c => c.CallId).Distinct().Count());
        Assert.Equal("{}", calls[0].RawRepresentation);
        Assert.DoesNotContain(contents.OfType<TextContent>(), t => t.Text.Contains("tool_call", StringComparison.Ordinal));
    }
}
