namespace ModelScale.ChatHost.Bench;

/// <summary>One measured run: a fresh load, then the prompt and the answer.</summary>
/// <param name="LoadMilliseconds">From asking the engine for the profile to a loaded model (header check, plan, weights, context).</param>
/// <param name="PrefillTokensPerSecond">Prompt tokens evaluated per second.</param>
/// <param name="DecodeTokensPerSecond">Generated tokens per second after the first.</param>
/// <param name="TimeToFirstTokenMilliseconds">From the request to the first sampled token, prompt evaluation included.</param>
/// <param name="PromptTokens">Tokens in the prompt.</param>
/// <param name="CachedPromptTokens">Prompt tokens reused from the KV cache (0 after a fresh load).</param>
/// <param name="CompletionTokens">Tokens generated.</param>
public sealed record BenchRun(
    double LoadMilliseconds,
    double PrefillTokensPerSecond,
    double DecodeTokensPerSecond,
    double TimeToFirstTokenMilliseconds,
    int PromptTokens,
    int CachedPromptTokens,
    int CompletionTokens);
