using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Bench;

/// <summary>What `modelscale bench` was asked: which models, and the <see cref="BenchSettings"/> without the derived values.</summary>
public sealed record BenchRequest
{
    /// <summary>Catalog profile ids (or paths) to measure; empty with no <see cref="ModelPath"/> measures the synthetic 1B model.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    public string? ModelPath { get; init; }

    public int PromptTokens { get; init; } = BenchSettings.DefaultPromptTokens;

    public int GenTokens { get; init; } = BenchSettings.DefaultGenTokens;

    /// <summary>Null: one per logical processor, as chat uses.</summary>
    public int? Threads { get; init; }

    public int Repeat { get; init; } = BenchSettings.DefaultRepeat;

    /// <summary>Null: <see cref="BenchSettings.ContextFor"/> of the prompt and answer, plus room for the switch-back turns.</summary>
    public int? Context { get; init; }

    public int BatchSize { get; init; } = EngineOptions.DefaultBatchSize;

    public int Parallel { get; init; }

    /// <summary>"auto", "on" or "off".</summary>
    public string FlashAttention { get; init; } = "auto";

    public bool SwitchBack { get; init; } = true;

    /// <summary>Null: no log probabilities; otherwise the alternatives each answer token names (<see cref="BenchSettings.Logprobs"/>).</summary>
    public int? Logprobs { get; init; }

    /// <summary>The GGUF whose tokenizer the synthetic model copies (needed only to write it).</summary>
    public string? TokenizerFrom { get; init; }

    public string? CacheDirectory { get; init; }

    /// <summary>The synthetic model's shape id (null: synthetic-1b); used only with neither profiles nor a path.</summary>
    public string? Shape { get; init; }

    /// <summary>The synthetic model's scheme id (null: q4_0).</summary>
    public string? Scheme { get; init; }

    /// <summary>The settings every run uses: threads and context resolved.</summary>
    public BenchSettings ToSettings() => new()
    {
        PromptTokens = PromptTokens,
        GenTokens = GenTokens,
        Threads = Threads is > 0 ? Threads.Value : Math.Max(1, Environment.ProcessorCount),
        Repeat = Repeat,
        Context = Context ?? BenchSettings.ContextFor(PromptTokens, GenTokens),
        BatchSize = BatchSize,
        Parallel = Parallel,
        FlashAttention = FlashAttention,
        SwitchBack = SwitchBack,
        Logprobs = Logprobs,
    };
}
