using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine.Loading;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Gguf;

namespace ModelScale.ChatHost.Engine;

/// <summary>What a profile load gave: the client to talk to and the facts worth telling the user.</summary>
public sealed record ProfileLoad(ModelProfile Profile, LlamaChatClient Client, bool WasResident)
{
    public LoadedModel Model => Client.Model;
}

/// <summary>
/// Takes a catalog profile to a running model: finds its file, checks the GGUF with our own reader before
/// llama.cpp sees it (native code aborts the process on some bad files), has the <see cref="ModelProbe"/> load it
/// once in a child process (for what no reader knows), picks the context, and loads it.
/// </summary>
public sealed class ProfileLoader(IModelEngine engine, ModelLocator locator, ModelPlanner planner, IOptions<EngineOptions> options, ModelProbe? probe = null)
{
    private readonly ConcurrentDictionary<ModelProfile, (ModelLoadRequest Request, ModelProfile Profile)> _prepared = new();

    public async Task<ProfileLoad> LoadAsync(ModelProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);

        // Switching back to a resident model skips the header read: the file was checked when it was loaded.
        var wasResident = _prepared.TryGetValue(profile, out var prepared) && engine.Resident.Any(m => m.Request.SameModelAs(prepared.Request));
        if (!wasResident)
        {
            prepared = await PrepareAsync(profile, cancellationToken);
            _prepared[profile] = prepared;
            wasResident = engine.Resident.Any(m => m.Request.SameModelAs(prepared.Request));
        }

        var client = await engine.AcquireAsync(prepared.Request, cancellationToken);
        return new ProfileLoad(prepared.Profile, client, wasResident);
    }

    /// <summary>
    /// How to load the profile: the request prepared for an earlier load when there is one and the file is still there,
    /// else <see cref="PrepareAsync"/>. Loads nothing.
    /// </summary>
    public async Task<ModelLoadRequest> PrepareOnceAsync(ModelProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (_prepared.TryGetValue(profile, out var prepared) && File.Exists(prepared.Request.Path))
        {
            return prepared.Request;
        }

        prepared = await PrepareAsync(profile, cancellationToken);
        _prepared[profile] = prepared;
        return prepared.Request;
    }

    /// <summary>
    /// Validates the profile's file and decides how to load it, without loading anything. An ad-hoc profile comes
    /// back described with what its GGUF header says (architecture, parameter count).
    /// </summary>
    /// <exception cref="ModelLoadException">The plan does not fit in free memory, or --ctx is beyond the training context.</exception>
    public async Task<(ModelLoadRequest Request, ModelProfile Profile)> PrepareAsync(ModelProfile profile, CancellationToken cancellationToken = default)
    {
        var inspected = Inspect(profile);
        if (!inspected.Plan.Fits)
        {
            throw new ModelLoadException($"{profile.DisplayName} does not fit in this machine's free memory: {inspected.Plan.Reason}.");
        }

        // Once per file: the probe remembers its verdict.
        if (probe is not null)
        {
            await probe.EnsureLoadableAsync(inspected.Request.Path, cancellationToken);
        }

        return (inspected.Request, inspected.Profile);
    }

    /// <summary>
    /// Reads and checks the profile's GGUF header and plans its load against the memory free now, without loading
    /// anything and without refusing a plan that does not fit (the caller decides what to do with it).
    /// </summary>
    /// <exception cref="CatalogException">The file is not on disk.</exception>
    /// <exception cref="GgufFormatException">The file is not a GGUF llama.cpp can run.</exception>
    /// <exception cref="ModelLoadException">An explicit --ctx is beyond the model's training context.</exception>
    public InspectedProfile Inspect(ModelProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var path = locator.EnsureOnDisk(profile);
        var gguf = GgufReader.Read(path);
        GgufInferenceCheck.EnsureRunnable(gguf);

        // The context never exceeds what the model was trained for: a profile's default is capped, and an explicit
        // --ctx beyond it is refused (llama.cpp would try to allocate it, and a huge one stalls the machine).
        var context = options.Value.ContextLength ?? profile.ContextLength;
        if (gguf.ContextLength is > 0 and var trained && trained < context)
        {
            if (options.Value.ContextLength is not null)
            {
                throw new ModelLoadException(
                    $"A context of {context} tokens is more than the {trained} that {profile.DisplayName} was trained for; use --ctx {trained} or less.");
            }

            context = trained;
        }

        // Every load goes through the memory plan: how many layers go to the GPU, and a context that fits.
        var planned = planner.Plan(gguf, context);
        var described = profile.IsAdHoc
            ? profile with { Parameters = gguf.ParameterCount, Family = gguf.Architecture ?? profile.Family }
            : profile;
        var request = new ModelLoadRequest(profile.Id, profile.DisplayName, path, planned.Plan.Context, profile.ChatTemplate, planned);
        return new InspectedProfile(described, gguf, request);
    }
}
