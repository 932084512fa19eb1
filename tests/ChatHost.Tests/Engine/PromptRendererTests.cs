using LLama;
using LLama.Common;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine;

public sealed class PromptRendererTests
{
    private static readonly ChatMessage[] Turns =
    [
        new(ChatRole.System, "Be brief."),
        new(ChatRole.User, "Hi there"),
        new(ChatRole.Assistant, "Hello!"),
        new(ChatRole.User, "Tell me a joke"),
    ];

    [SharedModelsFact]
    public void Phi3VocabFile_RendersPhi3Framing_FromItsOwnTemplate()
    {
        // Make sure the engine's native setup runs first, as it would in the app.
        using var engine = EngineFactory.Create();
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(TestModels.VocabPhi3) { VocabOnly = true, GpuLayerCount = 0 });
        var renderer = new PromptRenderer(weights, templateOverride: null);

        var prompt = renderer.Render(Turns);

        Assert.Equal(TemplateSource.Model, renderer.Source);
        Assert.Contains("<|user|>\nHi there<|end|>", prompt);
        Assert.Contains("<|assistant|>\nHello!<|end|>", prompt);
        Assert.EndsWith("<|assistant|>\n", prompt);
        Assert.Empty(renderer.StopSequences);
    }

    [Fact]
    public void OwnVocabFile_RendersChatML_FromItsOwnTemplate()
    {
        using var engine = EngineFactory.Create();
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(OwnModels.VocabOnly) { VocabOnly = true, GpuLayerCount = 0 });
        var renderer = new PromptRenderer(weights, templateOverride: null);

        var prompt = renderer.Render(Turns);

        Assert.Equal(TemplateSource.Model, renderer.Source);
        Assert.StartsWith("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>", prompt);
        Assert.EndsWith("<|im_start|>assistant\n", prompt);
    }

    [Fact]
    public async Task AModelWithoutTemplate_FallsBackToChatML()
    {
        await using var engine = EngineFactory.Create();
        var model = (await engine.AcquireAsync(EngineFactory.Stories())).Model;

        var prompt = model.Renderer.Render(Turns);

        Assert.Equal(TemplateSource.ChatMLFallback, model.Renderer.Source);
        Assert.StartsWith("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>", prompt);
        Assert.EndsWith("<|im_start|>assistant\n", prompt);
        Assert.Contains("<|im_end|>", model.Renderer.StopSequences);
    }

    [Fact]
    public async Task ProfileOverride_WinsOverTheFallback()
    {
        await using var engine = EngineFactory.Create();
        var model = (await engine.AcquireAsync(EngineFactory.Stories() with { ChatTemplate = "llama3" })).Model;

        var prompt = model.Renderer.Render(Turns);

        Assert.Equal(TemplateSource.ProfileOverride, model.Renderer.Source);
        Assert.Contains("<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>", prompt);
    }
}
