using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Tests.Engine.Tools;

/// <summary>A weather tool, and a history that calls it and gets its result back, for the format tests.</summary>
internal static class ToolTestData
{
    public const string WeatherSchema = """{"type":"object","properties":{"city":{"type":"string","maxLength":12},"days":{"type":"integer","minimum":1,"maximum":7}},"required":["city","days"],"additionalProperties":false}""";

    public static AIFunctionDeclaration Weather { get; } =
        AIFunctionFactory.CreateDeclaration("get_weather", "The forecast for a city.", JsonDocument.Parse(WeatherSchema).RootElement.Clone());

    public static AIFunctionDeclaration Time { get; } =
        AIFunctionFactory.CreateDeclaration("get_time", "The time now.", JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone());

    public static ToolRequest Auto { get; } = new([Weather, Time], Required: false, RequiredName: null, Parallel: true);

    /// <summary>system, user, an assistant call, its result: the answer comes next.</summary>
    public static List<ChatMessage> RoundTrip() =>
    [
        new(ChatRole.System, "Be brief."),
        new(ChatRole.User, "Weather in Oslo?"),
        new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo", ["days"] = 2 }) { RawRepresentation = """{"city":"Oslo","days":2}""" }]),
        new(ChatRole.Tool, [new FunctionResultContent("call_1", "Sunny, 21 C")]),
    ];

    /// <summary>A stand-in for the model's own template: each message as [role] text.</summary>
    public static string Plain(IReadOnlyList<ChatMessage> messages) =>
        string.Concat(messages.Select(m => $"[{m.Role.Value}] {m.Text}\n")) + "[assistant] ";

    /// <summary>A text cut into pieces of <paramref name="size"/> characters, the way a streamed answer arrives.</summary>
    public static IEnumerable<string> Pieces(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }
}
