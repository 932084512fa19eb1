using System.Text.Json;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Sessions.Store;

namespace ModelScale.ChatHost.Api;

/// <summary>The native API's wire views (<see cref="Contracts"/>) of what the session store and the engine hold.</summary>
public static class NativeViews
{
    public static SessionView Session(StoredSession s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Title, s.Profile, s.SystemPrompt, Sampling(s.Sampling.ToSettings()), s.CreatedAt, s.UpdatedAt, s.MessageCount);
    }

    public static SamplingView Sampling(SamplingSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Temperature, s.Seed, s.MaxTokens);
    }

    public static MessageView Message(StoredMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Id, m.Role, m.Content, m.Profile, m.Incomplete, Stats(m.Stats), m.CreatedAt);
    }

    public static StatsView? Stats(AnswerStats? s) => s is null ? null : new(
        s.ProfileId, s.PromptTokens, s.CachedPromptTokens, s.CompletionTokens, s.TimeToFirstToken.TotalMilliseconds, s.Total.TotalMilliseconds,
        s.PrefillTokensPerSecond, s.DecodeTokensPerSecond, s.FinishReason, s.TrimmedMessages);

    /// <summary>The template source as the native JSON names enums: camelCase ("chatMLFallback").</summary>
    public static string Template(TemplateSource source) => JsonNamingPolicy.CamelCase.ConvertName(source.ToString());
}
