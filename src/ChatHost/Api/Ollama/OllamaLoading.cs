using System.Diagnostics;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// A chat without messages or a generation without a prompt, as Ollama clients send to warm a model up or let it go:
/// it loads the model (done_reason "load"; a keep_alive sets how long it then stays), or with keep_alive 0 unloads every
/// copy of it at once ("unload"), as Ollama expires the model's runner.
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
        if (turn.KeepAlive is { UnloadsWhenIdle: true })
        {
            Unload(engine, turn.ProfileId);
            return OllamaDone.Only("unload", clock.Elapsed);
        }

        await clients.LoadAsync(turn.ProfileId, turn.Options.NumCtx, turn.KeepAlive, cancellationToken);
        return OllamaDone.Only("load", clock.Elapsed);
    }

    /// <summary>Unloads every resident copy of the profile (one per context it was loaded with) now.</summary>
    public static void Unload(IModelEngine engine, string profileId)
    {
        ArgumentNullException.ThrowIfNull(engine);
        while (ResidentModels.Of(engine).Any(m => m.Id == profileId))
        {
            engine.Unload(profileId);
        }
    }
}
