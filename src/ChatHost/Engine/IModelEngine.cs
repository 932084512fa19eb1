namespace ModelScale.ChatHost.Engine;

/// <summary>Loads models and keeps them resident; the only door to LLamaSharp for the rest of the app.</summary>
public interface IModelEngine : IAsyncDisposable
{
    /// <summary>Returns the resident model for the request, loading it first when needed.</summary>
    Task<LlamaChatClient> AcquireAsync(ModelLoadRequest request, CancellationToken cancellationToken = default);

    /// <summary>Models in memory now, most recently used first.</summary>
    IReadOnlyList<LoadedModel> Resident { get; }

    /// <summary>Unloads a model if it is resident.</summary>
    void Unload(string id);
}
