using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelScale.Profiles.Errors;
using ModelScale.Profiles.Planning;
using ModelScale.Profiles.Units;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Loads GGUF models through LLamaSharp with explicit GPU layers, context and threads, keeps up to
/// <see cref="MaxResident"/> of them in memory (least recently used goes first) within the memory budget, unloads
/// each when it has been idle for its keep-alive (the engine's, or the last one a lease asked for: see
/// <see cref="ModelKeepAlive"/>), and hands each out as an <see cref="LlamaChatClient"/>. A leased model is never
/// unloaded under a running request.
/// </summary>
public sealed partial class ModelEngine : IModelEngine, IDisposable
{
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelEngine> _logger;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly List<LoadedModel> _resident = [];
    private readonly Lock _residentGate = new();
    private readonly ModelRequestQueue _queue;
    private readonly ITimer _expiry;
    private readonly Lock _expiryGate = new();
    private bool _disposed;
    private readonly InferenceThread _compute = new();
    private static int _librariesLogged;

    public ModelEngine(IOptions<EngineOptions> options, TimeProvider time, ILogger<ModelEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        NativeLoad = LoadNativeAsync;
        NativeLog.Install(logger);
        MaxResident = _options.MaxResident;
        _queue = new ModelRequestQueue(Math.Max(0, _options.QueueLength), _options.MostSequences);
        // One timer, armed for the first idle model's keep-alive to run out (see Rearm).
        _expiry = time.CreateTimer(_ => UnloadIdle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many models stay loaded at once. Two lets a user switch back without a reload.</summary>
    public int MaxResident { get; init; }

    public int Waiting => _queue.Waiting;

    /// <summary>How long a model nobody uses stays loaded unless a request asked otherwise; null keeps it until it is evicted.</summary>
    public TimeSpan? KeepAlive => _options.KeepAlive;

    /// <summary>The longest the expiry timer is set for at once (an ITimer takes at most about 49 days); it is set again when it fires.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    public IReadOnlyList<LoadedModel> Resident
    {
        get
        {
            lock (_residentGate)
            {
                return [.. _resident];
            }
        }
    }

    public async Task<LlamaChatClient> AcquireAsync(ModelLoadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            var model = Touch(request, keepAlive: null, lease: false) ?? await LoadAsync(request, keepAlive: null, lease: false, cancellationToken);
            Rearm();
            return new LlamaChatClient(model);
        }
        finally
        {
            _loadGate.Release();
        }
    }

    public Task<ModelLease> LeaseAsync(ModelLoadRequest request, CancellationToken cancellationToken = default) =>
        LeaseAsync(request, keepAlive: null, cancellationToken);

    public async Task<ModelLease> LeaseAsync(ModelLoadRequest request, ModelKeepAlive? keepAlive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ticket = _queue.Enter(request.Id);
        try
        {
            await _loadGate.WaitAsync(cancellationToken);
            try
            {
                // Leased (and given the keep-alive asked for) under the same lock that lists it, so that the expiry
                // timer never finds it idle in between.
                var model = Touch(request, keepAlive, lease: true) ?? await LoadAsync(request, keepAlive, lease: true, cancellationToken);
                return new ModelLease(new LlamaChatClient(model), () =>
                {
                    Release(model);
                    ticket.Dispose();
                });
            }
            finally
            {
                _loadGate.Release();
            }
        }
        catch
        {
            ticket.Dispose();
            throw;
        }
    }

    /// <summary>Unloads the models nobody has used for their keep-alive, and sets the timer for the next one.</summary>
    internal void UnloadIdle()
    {
        List<LoadedModel> idle;
        lock (_residentGate)
        {
            var entries = Entries();
            idle = _resident.Where((_, i) => ResidencyPolicy.IsIdle(entries[i], since => _time.GetElapsedTime(since))).ToList();
            _resident.RemoveAll(idle.Contains);
        }

        foreach (var model in idle)
        {
            LogIdle(_logger, model.Id, model.KeepAlive?.TotalSeconds ?? 0);
            Retire(model);
        }

        Rearm();
    }

    /// <summary>
    /// Sets the expiry timer for the moment the first idle model's keep-alive runs out (or stops it when no model is
    /// waiting to expire). Serialized, so that a later state always has the last word; the timer may fire at once
    /// (a fake clock calls back inside Change), which re-enters here on the same thread.
    /// </summary>
    private void Rearm()
    {
        lock (_expiryGate)
        {
            if (_disposed)
            {
                return;
            }

            TimeSpan? next;
            lock (_residentGate)
            {
                next = ResidencyPolicy.NextExpiry(Entries(), since => _time.GetElapsedTime(since));
            }

            var due = next is not { } wait ? Timeout.InfiniteTimeSpan : wait > LongestWait ? LongestWait : wait;
            _expiry.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    public void Unload(string id)
    {
        LoadedModel? model;
        lock (_residentGate)
        {
            model = _resident.Find(m => m.Id == id);
            if (model is not null)
            {
                _resident.Remove(model);
            }
        }

        Retire(model);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        lock (_expiryGate)
        {
            _disposed = true;
            _expiry.Dispose();
        }

        List<LoadedModel> all;
        lock (_residentGate)
        {
            all = [.. _resident];
            _resident.Clear();
        }

        foreach (var model in all)
        {
            // A generation still running (a request the host gave up on) finishes its token before the memory goes;
            // the decode loop ends its sequences first, so that it lets the gate go.
            model.Decoder.Dispose();
            var idle = model.Gate.Wait(TimeSpan.FromSeconds(10));
            DisposeModel(model);
            if (!idle)
            {
                LogDisposedBusy(_logger, model.Id);
            }
        }

        _loadGate.Dispose();
        _compute.Dispose();
    }

    /// <summary>The resident model for the request, made the most recently used (and leased, with the keep-alive asked for), or null.</summary>
    private LoadedModel? Touch(ModelLoadRequest request, ModelKeepAlive? keepAlive, bool lease)
    {
        lock (_residentGate)
        {
            var found = _resident.Find(m => m.Request.SameModelAs(request));
            if (found is not null)
            {
                _resident.Remove(found);
                _resident.Insert(0, found);
                found.LastUsed = _time.GetTimestamp();
                found.Leases += lease ? 1 : 0;
                found.KeepAlive = keepAlive is null ? found.KeepAlive : keepAlive.Duration;
            }

            return found;
        }
    }

    /// <summary>How llama.cpp is asked to load: weights, then a context. Tests replace it to simulate failures.</summary>
    internal Func<ModelParams, CancellationToken, Task<(LLamaWeights Weights, LLamaContext Context)>> NativeLoad { get; init; }

    private async Task<LoadedModel> LoadAsync(ModelLoadRequest request, ModelKeepAlive? keepAlive, bool lease, CancellationToken cancellationToken)
    {
        var threads = _options.EffectiveThreads;
        IEnumerable<OffloadPlan?> steps = request.Planned is { } planned
            ? FallbackLadder.Steps(planned.Facts, planned.Request, planned.Plan).Cast<OffloadPlan?>()
            : [null];

        var attempt = 0;
        Exception? lastFailure = null;
        OffloadPlan? lastPlan = null;
        foreach (var plan in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (lastFailure is not null)
            {
                LogFallback(_logger, request.Id, lastPlan?.GpuLayers ?? 0, lastPlan?.Context ?? request.ContextLength, Describe(lastFailure), plan?.GpuLayers ?? 0, plan?.Context ?? request.ContextLength);
            }

            lastPlan = plan;
            LogLibrariesOnce();
            MakeRoom(request.Id, ModelCost.From(plan));
            var parameters = Parameters(request, plan, threads);
            LogLoading(_logger, request.Id, request.Path, (int)parameters.ContextSize!.Value, parameters.GpuLayerCount, threads);
            var started = _time.GetTimestamp();
            NativeLog.ClearLastError();
            using var capture = await BufferLog.BeginAsync(cancellationToken);
            try
            {
                var (weights, context) = await NativeLoad(parameters, cancellationToken);
                var outcome = new LoadOutcome(plan, capture.Buffers, attempt);
                var model = new LoadedModel(request, weights, context, outcome, threads, _time.GetElapsedTime(started), _compute, _time, ReserveEmbeddingsAsync)
                {
                    LastUsed = _time.GetTimestamp(),
                    Leases = lease ? 1 : 0,
                    KeepAlive = keepAlive is null ? _options.KeepAlive : keepAlive.Duration,
                };
                LogLoaded(_logger, request.Id, model.LoadTime.TotalMilliseconds, model.Renderer.Source);
                _queue.SetAnswering(request.Id, model.Sequences);
                Admit(model);
                return model;
            }
            catch (Exception ex) when (ex is LoadWeightsFailedException or RuntimeError or InvalidOperationException)
            {
                lastFailure = ex;
                attempt++;
            }
        }

        throw new ModelLoadException(
            $"llama.cpp could not load '{request.Path}'{(attempt > 1 ? $" (tried {attempt} plans)" : "")}: {Describe(lastFailure!)}", lastFailure!);
    }

    /// <summary>Says once per process where llama.cpp came from and which instruction sets its CPU build uses.</summary>
    private void LogLibrariesOnce()
    {
        if (Interlocked.Exchange(ref _librariesLogged, 1) == 0 && _logger.IsEnabled(LogLevel.Debug))
        {
            var info = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(NativeApi.llama_print_system_info()) ?? string.Empty;
            LogLibraries(_logger, NativeLibraryFolder.Current ?? "the backend package", info.Trim());
        }
    }

    private ModelParams Parameters(ModelLoadRequest request, OffloadPlan? plan, int threads)
    {
        var parameters = new ModelParams(request.Path)
        {
            GpuLayerCount = plan?.GpuLayers ?? 0,
            ContextSize = (uint)((plan?.Context ?? request.ContextLength) * (plan?.Parallel ?? 1)),
            SeqMax = (uint)(plan?.Parallel ?? 1),
            Threads = threads,
            BatchThreads = threads,
            BatchSize = (uint)_options.BatchSize,
            UBatchSize = (uint)_options.BatchSize,
            FlashAttention = _options.FlashAttention,
            TypeK = plan?.KvCacheType == KvCacheType.Q8_0 ? GGMLType.GGML_TYPE_Q8_0 : GGMLType.GGML_TYPE_F16,
            TypeV = plan?.KvCacheType == KvCacheType.Q8_0 ? GGMLType.GGML_TYPE_Q8_0 : GGMLType.GGML_TYPE_F16,
        };

        // Several GPUs: split the layers as the plan placed them.
        if (plan is { Devices.Count: > 1 })
        {
            for (var i = 0; i < plan.Devices.Count; i++)
            {
                parameters.TensorSplits[i] = plan.Devices[i].Layers;
            }
        }

        return parameters;
    }

    private static string Describe(Exception failure)
    {
        var detail = NativeLog.LastError;
        return detail.Length > 0 ? detail : failure.Message;
    }

    private static async Task<(LLamaWeights Weights, LLamaContext Context)> LoadNativeAsync(ModelParams parameters, CancellationToken cancellationToken)
    {
        var weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken);
        try
        {
            return (weights, weights.CreateContext(parameters));
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>Before a load with a budget: unloads idle models, least recently used first, until the new one fits.</summary>
    private void MakeRoom(string id, ModelCost incoming)
    {
        if (_options.MemoryBudget is not { } budget)
        {
            return;
        }

        List<LoadedModel> evicted;
        lock (_residentGate)
        {
            // The count is settled after the load (a failed load then costs no model); here only memory counts.
            var ids = ResidencyPolicy.ToEvict(Entries(), incoming, budget, int.MaxValue);
            evicted = _resident.Where(m => ids.Contains(m.Id)).ToList();
            _resident.RemoveAll(evicted.Contains);
        }

        foreach (var old in evicted)
        {
            LogEvicted(_logger, old.Id, id);
            Retire(old);
        }
    }

    /// <summary>
    /// Finds the memory for a model's embeddings context before it is made (see <see cref="ModelEmbeddings"/>): its plan
    /// must say it fits beside the model, and with a memory budget the idle models are unloaded, least recently used
    /// first, until it fits beside the rest. When it cannot fit, nothing is unloaded and the request is refused with a
    /// 503; the model and its chat context stay as they are. A model loaded without a plan is not checked (its cost is
    /// then what llama.cpp reports).
    /// </summary>
    /// <exception cref="ModelScaleException">The context does not fit (<see cref="ErrorKind.Busy"/>, "insufficient_memory").</exception>
    private async Task ReserveEmbeddingsAsync(LoadedModel model, CancellationToken cancellationToken)
    {
        var planned = model.Plan?.Embeddings;
        if (planned is { Fits: false })
        {
            throw NoRoomForEmbeddings(model, planned, "more than the memory left free beside the model when it was planned; a smaller context (--ctx) or fewer GPU layers (--gpu-layers) leave room for it");
        }

        await _loadGate.WaitAsync(cancellationToken);
        List<LoadedModel> evicted = [];
        try
        {
            lock (_residentGate)
            {
                if (model.Embeddings.IsReserved)
                {
                    return;
                }

                if (_options.MemoryBudget is { } budget && planned is not null)
                {
                    var cost = ModelCost.From(planned);
                    var entries = Entries();
                    var ids = ResidencyPolicy.ToEvict(entries, cost, budget, int.MaxValue);
                    var kept = entries.Where(e => e.InUse || !ids.Contains(e.Id)).ToList();
                    if (!ResidencyPolicy.Fits(kept, cost, budget))
                    {
                        var busy = string.Join(", ", kept.Where(e => e.Id != model.Id).Select(e => $"'{e.Id}'"));
                        throw NoRoomForEmbeddings(model, planned, busy.Length > 0
                            ? $"more than the memory budget leaves beside the models in use now ({busy}); it may fit once they are done"
                            : "more than the memory budget leaves beside the model; a smaller context (--ctx) leaves room for it");
                    }

                    evicted = _resident.Where(m => m != model && m.Leases == 0 && ids.Contains(m.Id)).ToList();
                    _resident.RemoveAll(evicted.Contains);
                }

                model.Embeddings.MarkReserved();
            }
        }
        finally
        {
            _loadGate.Release();
        }

        foreach (var old in evicted)
        {
            LogEvicted(_logger, old.Id, $"{model.Id} (embeddings)");
            Retire(old);
        }
    }

    private static ModelScaleException NoRoomForEmbeddings(LoadedModel model, EmbeddingsPlan planned, string why)
    {
        var where = planned.DeviceBytes.Sum() > 0
            ? $"{ByteSize.Format(planned.HostBytes)} of RAM and {ByteSize.Format(planned.DeviceBytes.Sum())} of VRAM"
            : $"{ByteSize.Format(planned.HostBytes)} of RAM";
        return new ModelScaleException(
            ErrorKind.Busy,
            $"'{model.Id}' cannot make embeddings: its embeddings context ({planned.Context} tokens) needs {where}, {why}.",
            innerException: null,
            "insufficient_memory",
            "model");
    }

    private void Admit(LoadedModel model)
    {
        List<LoadedModel> evicted = [];
        lock (_residentGate)
        {
            _resident.Insert(0, model);
            var ids = ResidencyPolicy.ToEvict(Entries().Skip(1).ToList(), model.Cost, MemoryBudget.Unlimited, MaxResident);
            // Never the model just admitted, even when an older copy of the same profile (planned differently) has its id.
            foreach (var old in _resident.Skip(1).Where(m => ids.Contains(m.Id)).ToList())
            {
                evicted.Add(old);
                _resident.Remove(old);
            }
        }

        foreach (var old in evicted)
        {
            Retire(old);
        }
    }

    /// <summary>Disposes a model that has left the resident list, or, while it is leased, when its last lease returns.</summary>
    private void Retire(LoadedModel? model)
    {
        if (model is null)
        {
            return;
        }

        lock (_residentGate)
        {
            if (model.Leases > 0)
            {
                model.Evicted = true;
                return;
            }
        }

        DisposeModel(model);
    }

    /// <summary>The resident models as the policy sees them (call under the resident lock).</summary>
    private List<ResidentEntry> Entries() =>
        [.. _resident.Select(m => new ResidentEntry(m.Id, m.Cost, m.LastUsed, m.Leases > 0, m.KeepAlive))];

    /// <summary>
    /// Gives a lease back. The last one out of a model whose keep-alive is zero unloads it at once, so that the answer
    /// that asked for it ends with the memory free; any other starts the model's keep-alive.
    /// </summary>
    private void Release(LoadedModel model)
    {
        bool dispose;
        var unloadNow = false;
        lock (_residentGate)
        {
            model.Leases--;
            model.LastUsed = _time.GetTimestamp();
            if (model.Leases == 0 && !model.Evicted && model.KeepAlive == TimeSpan.Zero)
            {
                unloadNow = _resident.Remove(model);
            }

            dispose = (model.Evicted || unloadNow) && model.Leases == 0;
        }

        if (unloadNow)
        {
            LogIdle(_logger, model.Id, 0);
        }

        if (dispose)
        {
            DisposeModel(model);
        }

        Rearm();
    }

    private void DisposeModel(LoadedModel? model)
    {
        if (model is null)
        {
            return;
        }

        LogUnloading(_logger, model.Id);
        model.Dispose();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Loading {Id} from {Path}: ctx {Context}, {GpuLayers} GPU layers, {Threads} threads")]
    private static partial void LogLoading(ILogger logger, string id, string path, int context, int gpuLayers, int threads);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Loaded {Id} in {Milliseconds:F0} ms (template: {Template})")]
    private static partial void LogLoaded(ILogger logger, string id, double milliseconds, TemplateSource template);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Loading {Id} with {GpuLayers} GPU layers at ctx {Context} failed ({Detail}); trying {NextGpuLayers} GPU layers at ctx {NextContext}")]
    private static partial void LogFallback(ILogger logger, string id, int gpuLayers, int context, string detail, int nextGpuLayers, int nextContext);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Unloading {Id}: unused for {Seconds:F0} s (keep-alive)")]
    private static partial void LogIdle(ILogger logger, string id, double seconds);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Unloading {Id} to make room for {Incoming} within the memory budget")]
    private static partial void LogEvicted(ILogger logger, string id, string incoming);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Unloaded {Id} while a generation was still running on it")]
    private static partial void LogDisposedBusy(ILogger logger, string id);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "llama.cpp loaded from {Source}: {SystemInfo}")]
    private static partial void LogLibraries(ILogger logger, string source, string systemInfo);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Unloading {Id}")]
    private static partial void LogUnloading(ILogger logger, string id);
}
