using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;
using ModelScale.Tests.Shared.Hostile;

namespace ModelScale.Profiles.Tests.Gguf.Hostile;

/// <summary>
/// Every hostile GGUF of issue 18 is refused by the header check, with one sentence that names the key or tensor,
/// before any native code could see it; and an unchanged copy written the same way passes, so the refusals come from
/// the hostile change and not from the copying.
/// </summary>
public sealed class HostileGgufTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelscale-hostile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> SharedCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "stories260K", "tiny-random" })
        {
            foreach (var hostile in HostileGguf.Cases)
            {
                data.Add(model, hostile.Name);
            }
        }

        return data;
    }

    public static TheoryData<string> SelfMadeCases() => [.. HostileGguf.Cases.Select(c => c.Name)];

    [SharedModelsTheory]
    [MemberData(nameof(SharedCases))]
    public void Refused_WhenDerivedFromASharedModel(string model, string name) =>
        AssertRefused(SharedModel(model), HostileGguf.Cases.Single(c => c.Name == name));

    [Theory]
    [MemberData(nameof(SelfMadeCases))]
    public void Refused_WhenDerivedFromASelfMadeModel(string name) =>
        AssertRefused(SelfMade(), HostileGguf.Cases.Single(c => c.Name == name));

    [SharedModelsTheory]
    [InlineData("stories260K")]
    [InlineData("tiny-random")]
    public void UnchangedCopy_OfASharedModel_PassesEveryCheck(string model) => AssertPasses(SharedModel(model));

    [Fact]
    public void UnchangedCopy_OfTheSelfMadeModel_PassesEveryCheck() => AssertPasses(SelfMade());

    [Fact]
    public void Cases_CoverEveryCauseClassOfTheFinding()
    {
        // Issue 18, finding 1, lists these classes; each must have at least one case.
        string[] classes =
        [
            "duplicate token", "byte token", "scores", "token_type", "tokens stored as integers", "byte token", "tokenizer",
            "LLAMA_MAX_LAYERS", "expert_count", "expert_used_count", "without expert tensors", "epsilon NaN",
            "epsilon negative", "zero dimension", "I8", "I16", "I32", "cannot use", "output tensor of the wrong shape",
        ];
        Assert.All(classes, c => Assert.Contains(HostileGguf.Cases, h => h.Cause.Contains(c, StringComparison.Ordinal)));
    }

    private string SharedModel(string model) => model == "stories260K" ? TestModels.Stories260K : TestModels.TinyRandom;

    private string SelfMade()
    {
        var path = Path.Combine(_folder, "self-made.gguf");
        SelfMadeLlama.Write(path);
        return path;
    }

    private void AssertRefused(string source, HostileCase hostile)
    {
        var target = Path.Combine(_folder, $"{hostile.Name}.gguf");
        HostileGguf.Write(source, hostile, target);

        var file = GgufReader.Read(target);
        var error = Assert.Throws<GgufFormatException>(() => GgufInferenceCheck.EnsureRunnable(file));

        Assert.Contains(hostile.Expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"'{hostile.Name}.gguf'", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, $"The sentence is {error.Message.Length} characters long.");
        Assert.DoesNotContain('\n', error.Message);

        // inspect shows the same sentence as the reason llama.cpp could not run the file.
        Assert.Equal(error.Message, GgufSummary.From(file).LoadProblem);
    }

    private void AssertPasses(string source)
    {
        var target = Path.Combine(_folder, "copy.gguf");
        HostileGguf.WriteCopy(source, target);
        GgufInferenceCheck.EnsureRunnable(GgufReader.Read(target));
    }
}
