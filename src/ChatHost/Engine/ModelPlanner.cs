using Microsoft.Extensions.Options;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>Plans a model's load from its GGUF header, the engine options and the memory free right now.</summary>
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
            Parallel = engine.Parallel,
            Devices = memory.Devices,
            MarginBytes = engine.MarginBytes,
            FreeRamBytes = memory.FreeRamBytes,
            MaxGpuLayers = engine.MaxGpuLayers,
        };
        return new PlannedLoad(facts, request, OffloadPlanner.Plan(facts, request));
    }
}
