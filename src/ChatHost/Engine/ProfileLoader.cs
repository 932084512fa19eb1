using Microsoft.Extensions.Options;
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
/// llama.cpp sees it (native code aborts the process on some bad files), picks the context, and loads it.
/// </summary>
public sealed class ProfileLoader(IModelEngine engine, ModelLocator locator, IOptions<EngineOptions> options)
{
    public async Task<ProfileLoad> LoadAsync(ModelProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (request, described) = Prepare(profile);
        var wasResident = engine.Resident.Any(m => m.Request == request);
        var client = await engine.AcquireAsync(request, cancellationToken);
        return new ProfileLoad(described, client, wasResident);
    }

    /// <summary>
    /// Validates the profile's file and decides how to load it, without loading anything. An ad-hoc profile comes
    /// back described with what its GGUF header says (architecture, parameter count).
    /// </summary>
    public (ModelLoadRequest Request, ModelProfile Profile) Prepare(ModelProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var path = locator.EnsureOnDisk(profile);
        var gguf = GgufReader.Read(path);
        GgufInferenceCheck.EnsureRunnable(gguf);

        // A profile's default context never exceeds what the model was trained for.
        var context = options.Value.ContextLength ?? profile.ContextLength;
        if (options.Value.ContextLength is null && gguf.ContextLength is > 0 and var trained && trained < context)
        {
            context = trained;
        }

        var described = profile.IsAdHoc
            ? profile with { Parameters = gguf.ParameterCount, Family = gguf.Architecture ?? profile.Family }
            : profile;
        return (new ModelLoadRequest(profile.Id, profile.DisplayName, path, context, profile.ChatTemplate), described);
    }
}
