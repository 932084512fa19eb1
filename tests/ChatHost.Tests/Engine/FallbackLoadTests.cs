using LLama;
using LLama.Common;
using LLama.Exceptions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine;

public sealed class FallbackLoadTests
{
    private const long GiB = 1L << 30;

    private static ModelLoadRequest PlannedStories(PlanRequest request)
    {
        var facts = ModelMemoryFacts.FromGguf(GgufReader.Read(OwnModels.Tiny));
        var plan = OffloadPlanner.Plan(facts, request);
        return new ModelLoadRequest("stories", "stories260K", OwnModels.Tiny, plan.Context, null, new PlannedLoad(facts, request, plan));
    }

    private static ModelEngine EngineThatFails(Func<ModelParams, bool> fails, List<ModelParams> attempts) =>
        new(Options.Create(new EngineOptions { Threads = 1 }), TimeProvider.System, NullLogger<ModelEngine>.Instance)
        {
            NativeLoad = async (parameters, ct) =>
            {
                attempts.Add(parameters);
                if (fails(parameters))
                {
                    throw new LoadWeightsFailedException(parameters.ModelPath);
                }

                var weights = await LLamaWeights.LoadFromFileAsync(parameters, ct);
                return (weights, weights.CreateContext(parameters));
            },
        };

    [Fact]
    public async Task AFailedGpuLoad_RetriesWithFewerLayersAndReportsThePlanUsed()
    {
        // Pretend a 24 GiB GPU that refuses anything over 2 layers (as a driver that over-reports free memory would).
        var request = PlannedStories(new PlanRequest { Context = 2048, Devices = [new DeviceBudget("gpu", 24 * GiB)] });
        Assert.Equal(6, request.Planned!.Plan.GpuLayers);
        List<ModelParams> attempts = [];
        using var engine = EngineThatFails(p => p.GpuLayerCount > 2, attempts);

        var client = await engine.AcquireAsync(request);

        Assert.Equal([6, 5, 4, 3, 2], attempts.Select(a => a.GpuLayerCount));
        Assert.Equal(2, client.Model.GpuLayerCount);
        Assert.Equal(2, client.Model.Plan!.GpuLayers);
        Assert.Equal(4, client.Model.FallbackSteps);
        Assert.Equal(2048, client.Model.ContextLength);
    }

    [Fact]
    public async Task LayersNotEnough_ContextShrinks()
    {
        var request = PlannedStories(new PlanRequest { Context = 2048 });
        List<ModelParams> attempts = [];
        using var engine = EngineThatFails(p => p.ContextSize > 512, attempts);

        var client = await engine.AcquireAsync(request);

        Assert.Equal([2048u, 1024u, 512u], attempts.Select(a => a.ContextSize!.Value));
        Assert.Equal(512, client.Model.ContextLength);
        Assert.Equal(512, client.Model.Plan!.Context);
        Assert.Equal(2048, client.Model.Plan.RequestedContext);
    }

    [Fact]
    public async Task EveryStepFailing_ErrorSaysHowManyPlansWereTried()
    {
        var request = PlannedStories(new PlanRequest { Context = 1024 });
        List<ModelParams> attempts = [];
        using var engine = EngineThatFails(_ => true, attempts);

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => engine.AcquireAsync(request));

        Assert.Equal(2, attempts.Count);
        Assert.Contains("tried 2 plans", ex.Message, StringComparison.Ordinal);
        Assert.Empty(engine.Resident);
    }
}
