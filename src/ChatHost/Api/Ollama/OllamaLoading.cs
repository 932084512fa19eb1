using System.Diagnostics;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// A chat without messages or a generation without a prompt, as Ollama clients send to warm a model up or let it go:
/// it loads the model (done_reason "load"), or with keep_alive 0 unloads it at once ("unload").
/// </summary>
public static class OllamaLoading
{
    public static async Task<OllamaDone> LoadOrUnloadAsync(OllamaTurn turn, ProfileClients clients, IModelEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(engine);
        var clock = Stopwatch.StartNew();

        // The name must be a model this server can answer with either way (a 404 otherwise).
        _ = clients.Find(turn.ProfileId);
        if (OllamaKeepAlive.UnloadsAfter(turn.KeepAlive))
        {
            OllamaAnswer.Unload(engine, turn.ProfileId);
            return OllamaDone.Only("unload", clock.Elapsed);
        }

        await clients.LoadAsync(turn.ProfileId, turn.Options.NumCtx, cancellationToken);
        return OllamaDone.Only("load", clock.Elapsed);
    }
}
