namespace ModelScale.ChatHost.Engine;

/// <summary>
/// A resident model held for one request: while a lease is out the engine does not unload the model. Dispose it when
/// the request is done (also frees the request's place in the model's queue).
/// </summary>
public sealed class ModelLease : IDisposable
{
    private Action? _release;

    internal ModelLease(LlamaChatClient client, Action release)
    {
        Client = client;
        _release = release;
    }

    public LlamaChatClient Client { get; }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
