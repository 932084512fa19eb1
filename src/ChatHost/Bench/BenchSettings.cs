namespace ModelScale.ChatHost.Bench;

/// <summary>What one benchmark measures: the same for every model it runs, and for the peer it is compared with.</summary>
public sealed record BenchSettings
{
    public const int DefaultPromptTokens = 512;
    public const int DefaultGenTokens = 128;
    public const int DefaultRepeat = 5;

    public int PromptTokens { get; init; } = DefaultPromptTokens;

    public int GenTokens { get; init; } = DefaultGenTokens;

    /// <summary>Threads for decode and prompt evaluation alike.</summary>
    public required int Threads { get; init; }

    /// <summary>Measured runs per model, after one cold run that is reported on its own.</summary>
    public int Repeat { get; init; } = DefaultRepeat;

    /// <summary>Context per sequence: the smallest multiple of 256 that holds the prompt and the answer, unless given.</summary>
    public required int Context { get; init; }

    /// <summary>llama.cpp's n_batch (and n_ubatch).</summary>
    public required int BatchSize { get; init; }

    /// <summary>Flash attention: "auto" (llama.cpp decides, the engine's default), "on" or "off".</summary>
    public string FlashAttention { get; init; } = "auto";

    /// <summary>Sequences decoded together in the batching measurement; 0 or 1 skips it.</summary>
    public int Parallel { get; init; }

    /// <summary>
    /// Null: the answers ask for no log probabilities (as chat does). Otherwise each measured answer token is described
    /// with this many alternatives (0 to 20, OpenAI's logprobs/top_logprobs), so decode shows what they cost.
    /// </summary>
    public int? Logprobs { get; init; }

    /// <summary>Whether to measure switching away to another resident model and back.</summary>
    public bool SwitchBack { get; init; } = true;

    /// <summary>The context a prompt and answer of these sizes need, rounded up to llama.cpp's 256-cell padding.</summary>
    public static int ContextFor(int promptTokens, int genTokens) => (promptTokens + genTokens + 255) / 256 * 256;
}
