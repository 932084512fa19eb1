using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Remote;
using Microsoft.Extensions.Options;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// The chat client for a catalog profile, for callers that name a model per request (the OpenAI-compatible API).
/// Only catalog ids are accepted, never a path, so a request cannot make the service open an arbitrary file.
/// </summary>
public sealed class ProfileClients(
    ProfileCatalog catalog,
    ModelLocator locator,
    ProfileLoader loader,
    IModelEngine engine,
    GenerationMonitor monitor,
    RemoteClientFactory remotes,
    IOptions<EngineOptions>? engineOptions = null)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IChatClient> _remote = new(StringComparer.Ordinal);

    /// <exception cref="CatalogException">The id is not in the catalog, or its file is not on disk.</exception>
    public async Task<IChatClient> ForAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var profile = Find(id);
        return profile.IsRemote
            ? _remote.GetOrAdd(profile.Id, _ => remotes.Create(profile))
            : new LeasedChatClient(engine, await loader.PrepareOnceAsync(profile, cancellationToken), monitor);
    }

    /// <summary>
    /// The chat client for a profile loaded with a context of its own (Ollama's num_ctx): another context is another
    /// load of the model, capped at what it was trained for and at what the memory plan fits; null is the profile's.
    /// </summary>
    /// <exception cref="CatalogException">The id is not in the catalog, or its file is not on disk.</exception>
    /// <exception cref="ModelScaleException">A context is asked of a remote tier, or of a server whose --ctx fixes every context.</exception>
    public async Task<IChatClient> ForAsync(string id, int? contextLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (contextLength is not { } context)
        {
            return await ForAsync(id, cancellationToken);
        }

        var profile = WithContext(Find(id), context);
        return new LeasedChatClient(engine, await loader.PrepareOnceAsync(profile, cancellationToken), monitor);
    }

    /// <summary>
    /// Loads a local profile's model (with a context of its own, as <see cref="ForAsync(string, int?, CancellationToken)"/>)
    /// without answering anything; a keep-alive sets how long it stays loaded from now on (null leaves it as it is).
    /// </summary>
    /// <exception cref="CatalogException">The id is not in the catalog, or its file is not on disk.</exception>
    public async Task LoadAsync(string id, int? contextLength = null, ModelKeepAlive? keepAlive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var profile = Find(id);
        if (profile.IsRemote)
        {
            return;
        }

        var request = await loader.PrepareOnceAsync(contextLength is { } context ? WithContext(profile, context) : profile, cancellationToken);
        using var lease = await engine.LeaseAsync(request, keepAlive, cancellationToken);
    }

    private ModelProfile WithContext(ModelProfile profile, int context)
    {
        if (profile.IsRemote)
        {
            throw new ModelScaleException(ErrorKind.BadInput, $"'{profile.Id}' is a remote tier; its context is the remote server's, so a context length cannot be asked of it.", innerException: null, "unsupported_parameter", "num_ctx");
        }

        if (engineOptions?.Value.ContextLength is { } fixedContext && fixedContext != context)
        {
            throw new ModelScaleException(ErrorKind.BadInput, $"This server was started with --ctx {fixedContext}, which sets every model's context; leave num_ctx out or ask for {fixedContext}.", innerException: null, "unsupported_parameter", "num_ctx");
        }

        return profile with { ContextLength = context };
    }

    /// <summary>The embeddings of a local profile (llama.cpp's pooled embeddings, through the engine).</summary>
    /// <exception cref="CatalogException">The id is not in the catalog, or its file is not on disk.</exception>
    /// <exception cref="ModelScale.Profiles.Errors.ModelScaleException">The profile is a remote tier.</exception>
    public async Task<IEmbeddingGenerator<string, Embedding<float>>> EmbeddingsForAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var profile = Find(id);
        if (profile.IsRemote)
        {
            throw new ModelScale.Profiles.Errors.ModelScaleException(
                ModelScale.Profiles.Errors.ErrorKind.BadInput,
                $"'{profile.Id}' is a remote tier; embeddings are made by this server's own models only.",
                innerException: null,
                "unsupported_model",
                "model");
        }

        return new LeasedEmbeddingGenerator(engine, await loader.PrepareOnceAsync(profile, cancellationToken));
    }

    /// <summary>A catalog profile whose file is on disk, or a remote tier (its answers are proxied).</summary>
    /// <exception cref="CatalogException">The id is not in the catalog, or its file is not on disk.</exception>
    public ModelProfile Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var profile = catalog.Get(id);
        if (!profile.IsRemote && !locator.IsOnDisk(profile))
        {
            throw new CatalogException($"The model '{profile.Id}' is not downloaded on this server; `modelscale pull {profile.Id}` downloads it.");
        }

        return profile;
    }
}
