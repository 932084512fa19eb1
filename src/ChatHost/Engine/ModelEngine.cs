using LLama;
using LLama.Common;
using LLama.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Loads GGUF models through LLamaSharp with explicit GPU layers, context and threads, keeps up to
/// <see cref="MaxResident"/> of them in memory (least recently used goes first), and hands each out as an
/// <see cref="LlamaChatClient"/>.
/// </summary>
public sealed partial class ModelEngine : IModelEngine, IDisposable
{
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelEngine> _logger;
    private readonly TokenGenerator _generator;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly List<LoadedModel> _resident = [];
    private readonly Lock _residentGate = new();

    public ModelEngine(IOptions<EngineOptions> options, TimeProvider time, ILogger<ModelEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _generator = new TokenGenerator(time);
        NativeLog.Install(logger);
    }

    /// <summary>How many models stay loaded at once. Two lets a user switch back without a reload.</summary>
    public int MaxResident { get; init; } = 2;

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
            var model = Touch(request) ?? await LoadAsync(request, cancellationToken);
            return new LlamaChatClient(model, _generator);
        }
        finally
        {
            _loadGate.Release();
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

        DisposeModel(model);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        List<LoadedModel> all;
        lock (_residentGate)
        {
            all = [.. _resident];
            _resident.Clear();
        }

        foreach (var model in all)
        {
            DisposeModel(model);
        }

        _loadGate.Dispose();
    }

    private LoadedModel? Touch(ModelLoadRequest request)
    {
        lock (_residentGate)
        {
            var found = _resident.Find(m => m.Request == request);
            if (found is not null)
            {
                _resident.Remove(found);
                _resident.Insert(0, found);
            }

            return found;
        }
    }

    private async Task<LoadedModel> LoadAsync(ModelLoadRequest request, CancellationToken cancellationToken)
    {
        var threads = _options.EffectiveThreads;
        var parameters = new ModelParams(request.Path)
        {
            GpuLayerCount = _options.GpuLayerCount,
            ContextSize = (uint)request.ContextLength,
            Threads = threads,
            BatchThreads = threads,
            BatchSize = (uint)_options.BatchSize,
            UBatchSize = (uint)_options.BatchSize,
        };

        LogLoading(_logger, request.Id, request.Path, request.ContextLength, _options.GpuLayerCount, threads);
        var started = _time.GetTimestamp();
        NativeLog.ClearLastError();
        LLamaWeights? weights = null;
        try
        {
            weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken);
            var context = weights.CreateContext(parameters, _logger);
            var model = new LoadedModel(request, weights, context, _options.GpuLayerCount, threads, _time.GetElapsedTime(started));
            weights = null;
            LogLoaded(_logger, request.Id, model.LoadTime.TotalMilliseconds, model.Renderer.Source);
            Admit(model);
            return model;
        }
        catch (Exception ex) when (ex is LoadWeightsFailedException or RuntimeError or InvalidOperationException)
        {
            var detail = NativeLog.LastError;
            throw new ModelLoadException(
                $"llama.cpp could not load '{request.Path}'{(detail.Length > 0 ? $": {detail}" : ".")}", ex);
        }
        finally
        {
            weights?.Dispose();
        }
    }

    private void Admit(LoadedModel model)
    {
        List<LoadedModel> evicted = [];
        lock (_residentGate)
        {
            _resident.Insert(0, model);
            while (_resident.Count > Math.Max(1, MaxResident))
            {
                evicted.Add(_resident[^1]);
                _resident.RemoveAt(_resident.Count - 1);
            }
        }

        foreach (var old in evicted)
        {
            DisposeModel(old);
        }
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

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Unloading {Id}")]
    private static partial void LogUnloading(ILogger logger, string id);
}
