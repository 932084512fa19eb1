namespace ModelScale.ChatHost.Engine;

/// <summary>What the engine needs to know to load one model: resolved from a catalog profile or a --model path.</summary>
/// <param name="Id">Profile id (or the file name of an ad-hoc model).</param>
/// <param name="DisplayName">Name shown to the user.</param>
/// <param name="Path">Absolute path of the GGUF file, already checked to exist.</param>
/// <param name="ContextLength">Requested context length in tokens.</param>
/// <param name="ChatTemplate">Optional template override (a llama.cpp template name or Jinja text).</param>
/// <param name="Planned">The memory plan to load with; null loads on the CPU with <paramref name="ContextLength"/>.</param>
public sealed record ModelLoadRequest(string Id, string DisplayName, string Path, int ContextLength, string? ChatTemplate = null, PlannedLoad? Planned = null)
{
    /// <summary>
    /// Whether a model loaded for <paramref name="other"/> serves this request too: the same profile, file, context and
    /// template. The plan is left out: two plans of the same profile made at different moments load the same model.
    /// </summary>
    public bool SameModelAs(ModelLoadRequest other) =>
        other is not null && Id == other.Id && Path == other.Path && ContextLength == other.ContextLength && ChatTemplate == other.ChatTemplate;
}
