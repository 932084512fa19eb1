using System.Globalization;
using ModelScale.Profiles.Units;

namespace ModelScale.Profiles.Planning;

/// <summary>
/// Chooses how many layers go to the GPUs and which context fits, from the model's facts and the machine's free
/// memory. Pure arithmetic: no devices are touched. More free VRAM never gives fewer layers; a layer goes to a GPU
/// only when it fits there with the margin kept free; the context shrinks only when the model cannot fit with it
/// even with the CPU's help.
/// </summary>
public static class OffloadPlanner
{
    public static OffloadPlan Plan(ModelMemoryFacts facts, PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Context <= 0 || request.BatchSize <= 0 || request.Parallel <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Context, batch size and parallel sequences must be positive.");
        }

        Candidate? first = null;
        foreach (var context in ContextLadder(request.Context, request.MinimumContext))
        {
            var candidate = BestAtContext(facts, request, context);
            first ??= candidate;
            if (candidate.HostFits)
            {
                return Build(facts, request, candidate, fits: true);
            }
        }

        return Build(facts, request, first!, fits: false);
    }

    /// <summary>The contexts tried, largest first: the requested one, then halves (multiples of 256) down to the minimum.</summary>
    public static IEnumerable<int> ContextLadder(int requested, int minimum)
    {
        yield return requested;
        var next = requested / 2 / MemoryModel.ContextPadding * MemoryModel.ContextPadding;
        while (next >= Math.Max(minimum, MemoryModel.ContextPadding) && next < requested)
        {
            yield return next;
            next = next / 2 / MemoryModel.ContextPadding * MemoryModel.ContextPadding;
        }
    }

    private static Candidate BestAtContext(ModelMemoryFacts facts, PlanRequest request, int context)
    {
        var maxLayers = Math.Min(facts.OffloadableLayers, request.MaxGpuLayers ?? int.MaxValue);
        if (request.Devices.Count == 0)
        {
            maxLayers = 0;
        }

        for (var layers = maxLayers; layers >= 0; layers--)
        {
            if (TryPlace(facts, request, context, layers, out var devices))
            {
                var host = HostFor(facts, request, context, layers);
                var hostFits = request.FreeRamBytes is not { } free || host.TotalBytes <= free;
                return new Candidate(context, layers, devices, host, hostFits);
            }
        }

        // Zero layers always places (nothing goes to a GPU).
        throw new InvalidOperationException("Unreachable: a plan with no GPU layers always places.");
    }

    /// <summary>Places the last <paramref name="layers"/> layers on the devices in order, each filled before the next.</summary>
    private static bool TryPlace(ModelMemoryFacts facts, PlanRequest request, int context, int layers, out IReadOnlyList<DevicePlan> placed)
    {
        var kvContext = (long)context * request.Parallel;
        var kvPerLayer = MemoryModel.KvBytesPerLayer(facts, kvContext, request.KvCacheType);
        var result = new List<DevicePlan>(request.Devices.Count);
        // llama.cpp offloads the last blocks first; the output head (index BlockCount) moves only once every block has.
        var next = Math.Max(0, facts.BlockCount - layers);
        var end = layers > facts.BlockCount ? facts.OffloadableLayers : facts.BlockCount;
        foreach (var device in request.Devices)
        {
            var usable = device.FreeBytes - request.MarginBytes;
            var first = next;
            long weights = 0, kv = 0;
            while (next < end)
            {
                var isOutput = next == facts.BlockCount;
                var layerWeights = isOutput ? facts.OutputBytes : facts.LayerWeightBytes[next];
                var layerKv = isOutput ? 0 : kvPerLayer;
                var compute = MemoryModel.ComputeBytes(facts, kvContext, request.BatchSize, holdsOutput: isOutput);
                if (weights + layerWeights + kv + layerKv + compute + request.DeviceOverheadBytes > usable)
                {
                    break;
                }

                weights += layerWeights;
                kv += layerKv;
                next++;
            }

            var count = next - first;
            var holdsOutput = count > 0 && next == facts.OffloadableLayers;

            result.Add(count == 0
                ? new DevicePlan(device.Name, device.FreeBytes, first, 0, 0, 0, 0, 0)
                : new DevicePlan(
                    device.Name,
                    device.FreeBytes,
                    first,
                    count,
                    weights,
                    kv,
                    MemoryModel.ComputeBytes(facts, kvContext, request.BatchSize, holdsOutput),
                    request.DeviceOverheadBytes));
        }

        placed = result;
        return next == end;
    }

    private static HostPlan HostFor(ModelMemoryFacts facts, PlanRequest request, int context, int gpuLayers)
    {
        var kvContext = (long)context * request.Parallel;
        var cpuBlocks = Math.Max(0, facts.BlockCount - gpuLayers);
        var outputOnCpu = gpuLayers < facts.OffloadableLayers;
        var weights = facts.TokenEmbeddingBytes + facts.LayerWeightBytes.Take(cpuBlocks).Sum() + (outputOnCpu ? facts.HostOutputBytes : 0);
        var kv = cpuBlocks * MemoryModel.KvBytesPerLayer(facts, kvContext, request.KvCacheType);
        var compute = cpuBlocks > 0 || outputOnCpu
            ? MemoryModel.ComputeBytes(facts, kvContext, request.BatchSize, holdsOutput: outputOnCpu)
            : MemoryModel.HostInputBytes(facts, kvContext, request.BatchSize);
        return new HostPlan(
            weights,
            kv,
            compute,
            MemoryModel.OutputBufferBytes(facts, request.Parallel),
            request.HostOverheadBytes,
            request.FreeRamBytes);
    }

    private static OffloadPlan Build(ModelMemoryFacts facts, PlanRequest request, Candidate chosen, bool fits)
    {
        var notes = new List<string>();
        if (chosen.Context < request.Context)
        {
            notes.Add(Invariant($"Context reduced from {request.Context} to {chosen.Context} tokens: the requested one does not fit in RAM and VRAM."));
        }

        if (!fits)
        {
            var smallest = OffloadPlanner.ContextLadder(request.Context, request.MinimumContext).Last();
            notes.Add(Invariant($"Not even a context of {smallest} tokens fits; a smaller quantization, more RAM or a GPU would."));
        }

        if (facts.TrainingContext > 0 && chosen.Context > facts.TrainingContext)
        {
            notes.Add(Invariant($"Context {chosen.Context} is beyond the {facts.TrainingContext} tokens the model was trained for."));
        }

        var plan = new OffloadPlan
        {
            Model = facts.Name,
            GpuLayers = chosen.Layers,
            TotalLayers = facts.OffloadableLayers,
            RequestedContext = request.Context,
            Context = chosen.Context,
            KvCacheType = request.KvCacheType,
            BatchSize = request.BatchSize,
            Parallel = request.Parallel,
            MarginBytes = request.MarginBytes,
            Devices = chosen.Devices,
            Host = chosen.Host,
            Fits = fits,
            Reason = "",
            Notes = notes,
        };
        return plan with { Reason = Explain(plan, request), Embeddings = EmbeddingsFor(facts, request, plan) };
    }

    /// <summary>
    /// The embeddings context beside <paramref name="plan"/>: one sequence of f16 KV over the same layers, a micro-batch
    /// of its whole context, and an output buffer of one row of logits and one embedding.
    /// </summary>
    private static EmbeddingsPlan? EmbeddingsFor(ModelMemoryFacts facts, PlanRequest request, OffloadPlan plan)
    {
        if (request.EmbeddingsContext is not { } most || most <= 0)
        {
            return null;
        }

        var context = (int)Math.Min(most, (long)plan.Context * plan.Parallel);
        var kvPerLayer = MemoryModel.KvBytesPerLayer(facts, context, KvCacheType.F16);
        var devices = plan.Devices.Select(d => d.Layers == 0
            ? 0
            : (Math.Min(d.Layers, Math.Max(0, facts.BlockCount - d.FirstLayer)) * kvPerLayer)
                + MemoryModel.EmbeddingsComputeBytes(facts, context, holdsOutput: d.FirstLayer + d.Layers == facts.OffloadableLayers)).ToList();
        var cpuBlocks = Math.Max(0, facts.BlockCount - plan.GpuLayers);
        var outputOnCpu = plan.GpuLayers < facts.OffloadableLayers;
        var compute = cpuBlocks > 0 || outputOnCpu
            ? MemoryModel.EmbeddingsComputeBytes(facts, context, holdsOutput: outputOnCpu)
            : MemoryModel.HostInputBytes(facts, context, context);
        var host = (cpuBlocks * kvPerLayer) + compute + MemoryModel.OutputBufferBytes(facts, 1) + (facts.EmbeddingLength * 4);
        var fits = (plan.Host.FreeBytes is not { } free || plan.Host.TotalBytes + host <= free)
            && plan.Devices.Select((d, i) => d.Layers == 0 || d.TotalBytes + devices[i] <= d.FreeBytes - request.MarginBytes).All(ok => ok);
        return new EmbeddingsPlan(context, host, devices, fits);
    }

    private static string Explain(OffloadPlan plan, PlanRequest request)
    {
        var kv = Invariant($"KV {ByteSize.Format(plan.KvBytes)} at ctx {plan.Context}");
        var layers = Invariant($"{plan.GpuLayers}/{plan.TotalLayers} layers");
        var ram = plan.Host.FreeBytes is { } freeRam
            ? Invariant($"{ByteSize.Format(plan.Host.TotalBytes)} of {ByteSize.Format(freeRam)} free RAM")
            : Invariant($"{ByteSize.Format(plan.Host.TotalBytes)} RAM");
        if (!plan.Fits)
        {
            var gpu = request.Devices.Count == 0
                ? "no GPU"
                : Invariant($"{layers} on {ByteSize.Format(request.Devices.Sum(d => d.FreeBytes))} of free VRAM");
            return Invariant($"does not fit: with {gpu}, the rest needs {ByteSize.Format(plan.Host.TotalBytes)} of RAM and {ByteSize.Format(plan.Host.FreeBytes ?? 0)} is free; {kv}");
        }

        if (request.Devices.Count == 0)
        {
            return Invariant($"{layers}: no GPU, all on the CPU ({ram}), {kv}");
        }

        var freeVram = request.Devices.Sum(d => d.FreeBytes);
        var where = request.Devices.Count == 1 ? "" : Invariant($" on {plan.Devices.Count(d => d.Layers > 0)} GPUs");
        var why = Invariant($"{layers}{where}: {ByteSize.Format(freeVram)} free, {ByteSize.Format(request.MarginBytes)} margin, {kv}");
        return plan.FullOffload ? why : Invariant($"{why}; {ram}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Candidate(int Context, int Layers, IReadOnlyList<DevicePlan> Devices, HostPlan Host, bool HostFits);
}
