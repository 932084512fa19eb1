using System.Reflection;
using LLama.Native;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Synthetic;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// Runs a whole benchmark: resolves the models (writing the synthetic one when none is named), measures each, then
/// switching back and, with --parallel, batching in an engine loaded for that many sequences.
/// </summary>
public static class BenchJob
{
    /// <summary>Runs the bench; <paramref name="engineHost"/> builds the host each part loads its models in (the verbs' common host).</summary>
    public static async Task<BenchReport> RunAsync(EngineHostFactory engineHost, BenchRequest request, Action<string> report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engineHost);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(report);
        var settings = request.ToSettings();
        if (settings.Context < settings.PromptTokens + settings.GenTokens)
        {
            throw new BenchException($"--ctx {settings.Context} cannot hold a {settings.PromptTokens}-token prompt and a {settings.GenTokens}-token answer; use --ctx {BenchSettings.ContextFor(settings.PromptTokens, settings.GenTokens)} or more.");
        }

        List<BenchTargetResult> targets = [];
        SwitchBackResult? switchBack = null;
        List<ModelProfile> profiles;
        string systemInfo;
        var time = TimeProvider.System;
        using (var host = engineHost(o => Configure(o, settings, parallel: 1)))
        {
            profiles = Resolve(host.Services, request, report);
            var runner = new BenchRunner(
                host.Services.GetRequiredService<ProfileLoader>(), host.Services.GetRequiredService<IModelEngine>(), time, settings);
            foreach (var profile in profiles)
            {
                targets.Add(await runner.MeasureAsync(profile, report, cancellationToken));
            }

            RecordBandwidth(host.Services, request, targets, settings.Threads, report);
            systemInfo = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(NativeApi.llama_print_system_info()) ?? string.Empty;
            if (settings.SwitchBack)
            {
                var a = profiles[0];
                var b = profiles.Count > 1 ? profiles[1] : a with { Id = a.Id + "-b", DisplayName = a.DisplayName + " (a second copy)" };
                switchBack = await runner.SwitchBackAsync(a, b, report, cancellationToken);
            }
        }

        ParallelResult? parallel = null;
        if (settings.Parallel > 1)
        {
            using var host = engineHost(o => Configure(o, settings, settings.Parallel));
            var bench = new ParallelBench(host.Services.GetRequiredService<ProfileLoader>(), time, settings);
            parallel = await bench.MeasureAsync(profiles[0], report, cancellationToken);
        }

        return new BenchReport
        {
            Version = typeof(BenchJob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            When = time.GetUtcNow(),
            Machine = MachineFacts.Read(systemInfo),
            Settings = settings,
            Targets = targets,
            SwitchBack = switchBack,
            Parallel = parallel,
        };
    }

    /// <summary>
    /// Writes the synthetic model the request names (or finds it current in the cache) and returns its path, measuring
    /// nothing and loading no native code: `bench --write-only`, so models can be prepared while llama.cpp is still being built.
    /// </summary>
    public static string WriteSyntheticModel(EngineHostFactory engineHost, BenchRequest request, Action<string> report)
    {
        ArgumentNullException.ThrowIfNull(engineHost);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(report);
        if (request.ModelPath is not null || request.Profiles.Count > 0)
        {
            throw new BenchException("--write-only writes the synthetic model; it cannot be combined with --profiles or --model.");
        }

        using var host = engineHost(_ => { });
        return Resolve(host.Services, request, report)[0].Path!;
    }

    /// <summary>
    /// Measures host memory bandwidth, takes what each decode reached from the bytes its tokens read, and caches them
    /// (bandwidth.json beside the synthetic model) for replay's predictions. A figure this run did not measure (no
    /// model ran wholly on a GPU) keeps the one cached earlier on this CPU.
    /// </summary>
    private static void RecordBandwidth(IServiceProvider services, BenchRequest request, List<BenchTargetResult> targets, int threads, Action<string> report)
    {
        var cache = new BandwidthCache(BenchCacheFolder.Resolve(services.GetRequiredService<IPlatformEnvironment>(), request.CacheDirectory));
        var cpu = MachineFacts.CpuName();
        var earlier = cache.Read(cpu);
        var read = BandwidthProbe.MeasureHostRead(threads);
        var onCpu = targets.FirstOrDefault(t => t.Traffic is { GpuBytes: 0, HostBytes: > 0 });
        var onGpu = targets.FirstOrDefault(t => t.Traffic is { HostBytes: 0, GpuBytes: > 0 });
        var measured = new MemoryBandwidth(
            read,
            onCpu is null ? earlier?.HostDecodeBytesPerSecond : onCpu.Traffic!.HostBytes * onCpu.DecodeTokensPerSecond.Median,
            onGpu is null ? earlier?.GpuDecodeBytesPerSecond : onGpu.Traffic!.GpuBytes * onGpu.DecodeTokensPerSecond.Median,
            threads,
            cpu,
            onCpu?.Profile ?? onGpu?.Profile ?? earlier?.Model,
            TimeProvider.System.GetUtcNow());
        try
        {
            cache.Write(measured);
            report($"memory bandwidth: host read {measured.HostReadBytesPerSecond / (1 << 30):F1} GiB/s, CPU decode {Gib(measured.HostDecodeBytesPerSecond)}, GPU decode {Gib(measured.GpuDecodeBytesPerSecond)} (cached in {cache.Path} for replay's predictions{(request.CacheDirectory is null ? "" : $"; give replay and advise --bench-cache {request.CacheDirectory}")})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report($"memory bandwidth: host read {measured.HostReadBytesPerSecond / (1 << 30):F1} GiB/s, not cached ({ex.Message})");
        }
    }

    private static string Gib(double? bytesPerSecond) =>
        bytesPerSecond is { } b ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{b / (1 << 30):F1} GiB/s") : "not measured";

    private static void Configure(EngineOptions options, BenchSettings settings, int parallel)
    {
        options.Threads = settings.Threads;
        options.ContextLength = settings.Context;
        options.BatchSize = settings.BatchSize;
        options.Parallel = parallel;
        options.FlashAttention = settings.FlashAttention switch
        {
            "on" => true,
            "off" => false,
            _ => null,
        };
    }

    private static List<ModelProfile> Resolve(IServiceProvider services, BenchRequest request, Action<string> report)
    {
        if (request.ModelPath is { } path)
        {
            return [ModelProfile.FromFile(path)];
        }

        if (request.Profiles.Count > 0)
        {
            var catalog = services.GetRequiredService<ProfileCatalog>();
            return [.. request.Profiles.Select(id => ProfileResolver.Resolve(catalog, id))];
        }

        var env = services.GetRequiredService<IPlatformEnvironment>();
        ModelShapes.TryGet(request.Shape, out var shape);
        QuantizationScheme.TryGet(request.Scheme, out var scheme);
        var model = new SyntheticBenchModel(
            BenchCacheFolder.Resolve(env, request.CacheDirectory), shape ?? ModelShapes.Synthetic1B, scheme ?? QuantizationScheme.AllQ4_0);
        var written = model.Ensure(request.TokenizerFrom ?? FindDonor(env, services.GetRequiredService<CatalogPaths>()), report);
        return [ModelProfile.FromFile(written) with { Id = model.Id, DisplayName = model.DisplayName }];
    }

    /// <summary>llama-2-tiny-random.gguf from MODELSCALE_TEST_MODELS or the models folder, when it is there.</summary>
    private static string? FindDonor(IPlatformEnvironment env, CatalogPaths paths)
    {
        string?[] folders = [env.GetEnvironmentVariable("MODELSCALE_TEST_MODELS"), paths.ModelsDirectory];
        return folders
            .Where(f => !string.IsNullOrWhiteSpace(f))
            .Select(f => Path.Combine(f!, SyntheticBenchModel.DonorFileName))
            .FirstOrDefault(File.Exists);
    }
}
