using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// How long a model stays loaded after its last use, as a request asks it (Ollama's keep_alive): a duration, zero
/// (unloaded as soon as no request holds it) or forever. As in Ollama, what a request asks stays the model's keep-alive
/// until another request asks otherwise or the model is unloaded; a model loaded without one gets the engine's
/// (<see cref="EngineOptions.KeepAlive"/>). A front end asks for one with <see cref="OptionKey"/> in a chat's or an
/// embedding's AdditionalProperties, or by leasing with it.
/// </summary>
public sealed record ModelKeepAlive
{
    /// <summary>The option whose value, a <see cref="ModelKeepAlive"/>, sets the model's keep-alive from this request on.</summary>
    public const string OptionKey = "modelscale.keep_alive";

    private ModelKeepAlive(TimeSpan? duration) => Duration = duration;

    /// <summary>How long the model stays loaded after its last use; null keeps it until it is evicted to make room.</summary>
    public TimeSpan? Duration { get; }

    /// <summary>Kept loaded until evicted to make room for another model.</summary>
    public static ModelKeepAlive Forever { get; } = new((TimeSpan?)null);

    /// <summary>Unloaded as soon as no request holds it.</summary>
    public static ModelKeepAlive None { get; } = new(TimeSpan.Zero);

    /// <summary>Whether the model goes as soon as no request holds it.</summary>
    public bool UnloadsWhenIdle => Duration == TimeSpan.Zero;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public static ModelKeepAlive For(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return new(duration);
    }

    /// <summary>The keep-alive a chat's or an embedding's options ask for, or null when they ask none.</summary>
    public static ModelKeepAlive? From(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(OptionKey, out var value) == true ? value as ModelKeepAlive : null;
}
