namespace ModelScale.ChatHost.Engine;

/// <summary>Loads models and keeps them resident; the only door to LLamaSharp for the rest of the app.</summary>
public interface IModelEngine : IAsyncDisposable
{
    /// <summary>Returns the resident model for the request, loading it first when needed.</summary>
    Task<LlamaChatClient> AcquireAsync(ModelLoadRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes a place in the model's queue, then returns the resident model (loading it when needed), held so it is not
    /// unloaded until the lease is disposed.
    /// </summary>
    /// <exception cref="ModelBusyException">The model's queue is full.</exception>
    Task<ModelLease> LeaseAsync(ModelLoadRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="LeaseAsync(ModelLoadRequest, CancellationToken)"/>, and sets how long the model stays loaded after
    /// its last use from now on (Ollama's keep_alive); null leaves the model's keep-alive as it is.
    /// </summary>
    /// <exception cref="ModelBusyException">The model's queue is full.</exception>
    Task<ModelLease> LeaseAsync(ModelLoadRequest request, ModelKeepAlive? keepAlive, CancellationToken cancellationToken = default);

    /// <summary>Requests waiting for a busy model, over all models.</summary>
    int Waiting { get; }

    /// <summary>Models in memory now, most recently used first.</summary>
    IReadOnlyList<LoadedModel> Resident { get; }

    /// <summary>Unloads a model if it is resident.</summary>
    void Unload(string id);
}
