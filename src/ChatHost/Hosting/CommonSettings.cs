namespace ModelScale.ChatHost.Hosting;

/// <summary>Settings every verb shares: where the catalog and models are, and how loud to be.</summary>
public sealed record CommonSettings
{
    /// <summary>An extra catalog layer given with --catalog (applied last).</summary>
    public string? Catalog { get; init; }

    /// <summary>The models folder given with --models-dir (beats MODELSCALE_MODELS_DIR and the default).</summary>
    public string? ModelsDirectory { get; init; }

    public bool Verbose { get; init; }

    /// <summary>A folder of llama.cpp libraries to load instead of the backend package's (MODELSCALE_NATIVE_DIR).</summary>
    public string? NativeDirectory { get; init; }
}
