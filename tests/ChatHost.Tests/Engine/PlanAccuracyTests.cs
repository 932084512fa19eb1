using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;
using ModelScale.Tests.Shared;
using Xunit.Abstractions;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>The plan against what llama.cpp really allocates, read from its own "buffer size" log lines.</summary>
public sealed class PlanAccuracyTests(ITestOutputHelper output)
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var model in new[] { "stories260K.gguf", "llama-2-tiny-random.gguf" })
        {
            foreach (var context in new[] { 512, 2048, 8192 })
            {
                data.Add(model, context);
            }
        }

        return data;
    }

    // The shared models: the planner's compute-buffer estimate is 8-26% over llama.cpp's on the tests' own 64-wide models.
    [SharedModelsTheory]
    [MemberData(nameof(Cases))]
    public async Task Plan_IsWithin5PercentOfWhatLlamaCppAllocates(string file, int context)
    {
        var comparison = await MeasureAsync(Path.Combine(TestModels.Directory, file), context);

        foreach (var row in comparison.Rows)
        {
            output.WriteLine($"{file} ctx {context} {row.Buffer,-9} predicted {row.PredictedBytes,12:N0}  measured {row.MeasuredBytes,12:N0}  {row.ErrorPercent,6:F2}%");
        }

        Assert.All(comparison.Rows, row => Assert.True(row.Within(5), $"{row.Buffer}: {row.ErrorPercent:F2}% off"));
        Assert.True(comparison.Rows.Single(r => r.Buffer == "total").MeasuredBytes > 0);
    }

    /// <summary>Plans a CPU load at <paramref name="context"/> (even past the training context) and loads it.</summary>
    internal static async Task<PlanComparison> MeasureAsync(string path, int context)
    {
        var facts = ModelMemoryFacts.FromGguf(GgufReader.Read(path));
        var request = new PlanRequest { Context = context, MinimumContext = context };
        var plan = OffloadPlanner.Plan(facts, request);
        using var engine = new ModelEngine(
            Options.Create(new EngineOptions { Threads = 1 }),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ModelEngine>.Instance);
        var client = await engine.AcquireAsync(new ModelLoadRequest("probe", Path.GetFileName(path), path, context, null, new PlannedLoad(facts, request, plan)));
        return PlanComparison.Create(client.Model.Plan!, client.Model.Buffers);
    }
}
