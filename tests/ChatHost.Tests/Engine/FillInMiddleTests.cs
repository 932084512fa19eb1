using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Errors;
using ModelScale.Profiles.Synthetic;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>
/// Fill-in-the-middle through the raw prompt path (Ollama's suffix): the prompt is the model's FIM tokens around the two
/// texts, as llama.cpp's /infill builds it, on a model of the tests' own making whose vocabulary has FIM tokens.
/// </summary>
public sealed class FillInMiddleTests
{
    /// <summary><see cref="OwnModels.OtherShape"/> with FIM control tokens as its last three tokens.</summary>
    private static readonly Lazy<string> FimModel = new(() =>
    {
        Directory.CreateDirectory(OwnModels.Directory);
        var path = Path.Combine(OwnModels.Directory, "fim.gguf");
        var partial = $"{path}.{Environment.ProcessId}.partial";
        var writer = new SyntheticGgufWriter(OwnModels.OtherShape, QuantizationScheme.AllQ4_0, ByteLevelVocabulary.Create(OwnModels.OtherShape.VocabSize, fillInMiddle: true)) { Seed = 3 };
        using (var stream = File.Create(partial))
        {
            writer.Write(stream);
        }

        File.Move(partial, path, overwrite: true);
        return path;
    });

    /// <summary>The path of the model with FIM tokens, written once per test process.</summary>
    internal static string FimModelPath => FimModel.Value;

    private static ChatOptions Fim(string suffix) => new()
    {
        MaxOutputTokens = 3,
        Temperature = 0,
        AdditionalProperties = new() { [RawPrompt.OptionKey] = true, [RawPrompt.SuffixKey] = suffix },
    };

    [Fact]
    public async Task ASuffix_IsPrefixAndSuffixBetweenTheModelsFimTokens_AndAModelWithoutThemRefusesIt()
    {
        using var engine = EngineFactory.Create();

        using (var lease = await engine.LeaseAsync(new ModelLoadRequest("fim", "fim", FimModel.Value, 256)))
        {
            var model = lease.Client.Model;
            var answer = await lease.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "if a <|fim_suffix|>")], Fim("return b"));

            Assert.Equal("<s><|fim_prefix|>if a <|fim_suffix|><|fim_suffix|>return b<|fim_middle|>", model.LastPrompt);

            // BOS, the three FIM tokens, and the texts as plain text: the marker inside the prefix is not a FIM token.
            Assert.Equal(4 + model.Tokenize("if a <|fim_suffix|>", special: false).Length + model.Tokenize("return b", special: false).Length, answer.Usage!.InputTokenCount);
            Assert.True(model.Tokenize("<|fim_suffix|>", special: false).Length > 1);
            Assert.InRange(answer.Usage.OutputTokenCount!.Value, 1, 3);
        }

        using var plain = await engine.LeaseAsync(EngineFactory.Stories(512));
        var refused = await Assert.ThrowsAsync<ModelScaleException>(() => plain.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "if a")], Fim("return b")));
        Assert.Equal(ErrorKind.BadInput, refused.Kind);
        Assert.Equal("suffix", refused.Target);
        Assert.Contains("FIM", refused.Message, StringComparison.Ordinal);
    }
}
