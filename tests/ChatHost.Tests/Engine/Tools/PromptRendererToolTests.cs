using LLama;
using LLama.Common;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Tools;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine.Tools;

/// <summary>The renderer picks the tool family from the template it uses, and leaves a history without tools as it was.</summary>
public sealed class PromptRendererToolTests
{
    [Fact]
    public void TheTemplateInUse_DecidesTheFamily_AndAPlainHistoryRendersAsBefore()
    {
        using var engine = EngineFactory.Create();
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(OwnModels.VocabOnly) { VocabOnly = true, GpuLayerCount = 0 });
        var own = new PromptRenderer(weights, templateOverride: null);
        var hermes = new PromptRenderer(weights, templateOverride: "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{# <tool_call> #}");
        List<ChatMessage> plain = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")];

        Assert.Equal(ToolFamily.Generic, own.Tools.Family);
        Assert.Equal(ToolFamily.Hermes, hermes.Tools.Family);
        Assert.Equal(own.Render(plain), own.Render(plain, tools: null));

        // With tools (or tool turns in the history) the family's format renders it.
        Assert.Contains("<tools>", hermes.Render(plain, ToolTestData.Auto), StringComparison.Ordinal);
        Assert.Contains("<tool_response>\nSunny, 21 C\n</tool_response>", hermes.Render(ToolTestData.RoundTrip(), tools: null), StringComparison.Ordinal);
        Assert.Contains("Tools you can call:", own.Render(plain, ToolTestData.Auto), StringComparison.Ordinal);
    }
}
