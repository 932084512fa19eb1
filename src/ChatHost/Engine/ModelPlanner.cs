using Microsoft.Extensions.Options;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Plans a model's load from its GGUF header, the engine options and the memory free right now. With an automatic
/// <see cref="EngineOptions.Parallel"/>, several sequences are planned only when they cost the model nothing else: the
/// same GPU layers, output head placement and context as one sequence, in memory that holds them all.
/// </summary>
public sealed class ModelPlanner(IMemoryInventory inventory, IOptions<EngineOptions> options)
{
    public PlannedLoad Plan(GgufFile gguf, int context)
    {
        ArgumentNullException.ThrowIfNull(gguf);
        var facts = ModelMemoryFacts.FromGguf(gguf);
        var memory = inventory.Read();
        var engine = options.Value;
        var request = new PlanRequest
        {
            Context = context,
            MinimumContext = Math.Min(context, 512),
            KvCacheType = engine.KvCacheType,
            BatchSize = engine.BatchSize,
            Parallel = engine.Parallel == EngineOptions.AutoParallel ? 1 : engine.Parallel,
            Devices = memory.Devices,
            MarginBytes = engine.MarginBytes,
            FreeRamBytes = memory.FreeRamBytes,
            MaxGpuLayers = engine.MaxGpuLayers,
            EmbeddingsContext = ModelEmbeddings.MostTokens,
        };
        var plan = OffloadPlanner.Plan(facts, request);
        if (engine.Parallel == EngineOptions.AutoParallel && plan.Fits)
        {
            var several = request with { Parallel = EngineOptions.AutoSequences };
            var wider = OffloadPlanner.Plan(facts, several);
            if (CostsNothingElse(plan, wider))
            {
                return new PlannedLoad(facts, several, wider);
            }
        }

        return new PlannedLoad(facts, request, plan);
    }

    private static bool CostsNothingElse(OffloadPlan single, OffloadPlan wider) =>
        wider.Fits && wider.GpuLayers == single.GpuLayers && wider.Context == single.Context;
}
