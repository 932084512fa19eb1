using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Tools;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine.Tools;

/// <summary>
/// Each family end to end on a random-weight model whose template (a profile's override) names the family: the prompt
/// is in the family's format, and a named call, constrained by the family's grammar and read back by its parser,
/// comes out as one <see cref="FunctionCallContent"/> whose arguments validate, with no markup left as text.
/// </summary>
public sealed class ToolFamilyGenerationTests
{
    [SharedModelsTheory]
    [InlineData("{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>{% endfor %}{% if tools %}<tool_call>{% endif %}", ToolFamily.Hermes, "<tools>\n")]
    [InlineData("{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>{% endfor %}<|start_header_id|>ipython<|end_header_id|>", ToolFamily.Llama3, "Given the following functions")]
    [InlineData("{% for m in messages %}[INST] {{ m.content }}[/INST]{% endfor %}[AVAILABLE_TOOLS][TOOL_CALLS]", ToolFamily.Mistral, "[AVAILABLE_TOOLS] [")]
    [InlineData(null, ToolFamily.Generic, "Tools you can call:")]
    public async Task NamedCall_OnARandomModel_IsOneValidCall_InTheFamilysFormat(string? template, ToolFamily family, string promptMarker)
    {
        await using var engine = EngineFactory.Create();
        var client = await engine.AcquireAsync(EngineFactory.SharedTinyRandom(context: 2048) with { ChatTemplate = template });
        Assert.Equal(family, client.Model.Renderer.Tools.Family);

        var options = new ChatOptions
        {
            Tools = [ToolTestData.Weather, ToolTestData.Time],
            ToolMode = ChatToolMode.RequireSpecific("get_weather"),
            MaxOutputTokens = 300,
            Temperature = 1,
            Seed = 11,
        };
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Weather in Oslo?")], options))
        {
            updates.Add(update);
        }

        Assert.Contains(promptMarker, client.Model.LastPrompt, StringComparison.Ordinal);
        Assert.Equal(string.Empty, string.Concat(updates.Select(u => u.Text)));
        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        using var arguments = JsonDocument.Parse(ToolJson.Arguments(call));
        Assert.True(JsonSchema.FromText(ToolTestData.WeatherSchema).Evaluate(arguments.RootElement).IsValid, arguments.RootElement.GetRawText());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }
}
