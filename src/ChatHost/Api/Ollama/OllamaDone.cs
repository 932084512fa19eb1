using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>How the last line of an answer ends it: why, and its timings in nanoseconds.</summary>
public sealed record OllamaDone(string Reason, long TotalNs, long LoadNs, int PromptCount, long PromptNs, int EvalCount, long EvalNs)
{
    /// <summary>
    /// From the engine's stats of the answer: prompt_eval is from the start of the answer to its first token (the
    /// prompt's evaluation), eval the rest of the generation, load the time before the model began on this answer
    /// (loading it, or waiting for it), and total the whole request.
    /// </summary>
    public static OllamaDone From(AnswerStats? stats, TimeSpan total)
    {
        var generation = stats?.Total ?? TimeSpan.Zero;
        var firstToken = stats?.TimeToFirstToken ?? TimeSpan.Zero;
        return new OllamaDone(
            stats?.FinishReason == FinishReasons.Length ? "length" : "stop",
            Ns(total),
            Ns(total > generation ? total - generation : TimeSpan.Zero),
            stats?.PromptTokens ?? 0,
            Ns(firstToken),
            stats?.CompletionTokens ?? 0,
            Ns(generation > firstToken ? generation - firstToken : TimeSpan.Zero));
    }

    /// <summary>The end of a request that only loaded or unloaded a model.</summary>
    public static OllamaDone Only(string reason, TimeSpan total) => new(reason, Ns(total), Ns(total), 0, 0, 0, 0);

    /// <summary>Whether the request answered something (rather than only loading or unloading the model).</summary>
    public bool Answered => Reason is not ("load" or "unload");

    public T Fill<T>(T line)
        where T : OllamaTimings =>
        line with
        {
            DoneReason = Reason,
            TotalDuration = TotalNs,
            LoadDuration = LoadNs,
            PromptEvalCount = Answered ? PromptCount : null,
            PromptEvalDuration = Answered ? PromptNs : null,
            EvalCount = Answered ? EvalCount : null,
            EvalDuration = Answered ? EvalNs : null,
        };

    private static long Ns(TimeSpan span) => span.Ticks * 100;
}
