using ModelScale.Profiles.Synthetic;
using ModelScale.Tests.Shared;
using Xunit.Abstractions;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>Writes the 1B-shaped synthetic model (random Q4_0, about 620 MB) once for the tests that measure it.</summary>
public sealed class Synthetic1BFixture : IDisposable
{
    public Synthetic1BFixture()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"modelscale-synthetic-1b-{Guid.NewGuid():N}.gguf");
        new SyntheticGgufWriter(ModelShapes.Synthetic1B, QuantizationScheme.AllQ4_0, ByteLevelVocabulary.Create(ModelShapes.Synthetic1B.VocabSize)).Write(Path);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}

/// <summary>The plan against llama.cpp for a model with the 1B shape, at the contexts the issue names.</summary>
public sealed class SyntheticPlanAccuracyTests(Synthetic1BFixture model, ITestOutputHelper output) : IClassFixture<Synthetic1BFixture>
{
    [Theory]
    [InlineData(512)]
    [InlineData(2048)]
    [InlineData(8192)]
    public async Task The1BShapePlan_IsWithin5PercentOfLlamaCpp(int context)
    {
        var comparison = await PlanAccuracyTests.MeasureAsync(model.Path, context);

        foreach (var row in comparison.Rows)
        {
            output.WriteLine($"synthetic-1b ctx {context} {row.Buffer,-9} predicted {row.PredictedBytes,13:N0}  measured {row.MeasuredBytes,13:N0}  {row.ErrorPercent,6:F2}%");
        }

        Assert.All(comparison.Rows, row => Assert.True(row.Within(5), $"{row.Buffer}: {row.ErrorPercent:F2}% off"));
    }
}
