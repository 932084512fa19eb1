using System.Text.Json.Serialization;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Sessions.Store;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Contracts;

/// <summary>POST /api/sessions.</summary>
public sealed record CreateSessionRequest(string? Title = null, string? Profile = null, string? System = null, float? Temperature = null, long? Seed = null, int? MaxTokens = null);

/// <summary>POST /api/sessions/{id}/messages.</summary>
public sealed record SendMessageRequest(string? Content = null, bool? Stream = null);

/// <summary>PUT /api/sessions/{id}/profile.</summary>
public sealed record SwitchProfileRequest(string? Profile = null);

/// <summary>PUT /api/sessions/{id}/system: null clears it.</summary>
public sealed record SystemPromptRequest(string? System = null);

/// <summary>PUT /api/sessions/{id}/sampling.</summary>
public sealed record SamplingRequest(float? Temperature = null, long? Seed = null, int? MaxTokens = null);

public sealed record SessionView(string Id, string? Title, string? Profile, string? System, SamplingView Sampling, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int MessageCount)
{
    public static SessionView From(StoredSession s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Title, s.Profile, s.SystemPrompt, SamplingView.From(s.Sampling), s.CreatedAt, s.UpdatedAt, s.MessageCount);
    }
}

public sealed record SamplingView(float Temperature, long Seed, int? MaxTokens)
{
    public static SamplingView From(SamplingSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Temperature, s.Seed, s.MaxTokens);
    }
}

public sealed record SessionDetail(SessionView Session, IReadOnlyList<MessageView> Messages, IReadOnlyList<SwitchView> Switches);

/// <summary>A stored message; an answer carries the profile that gave it, its stats and whether it was interrupted.</summary>
public sealed record MessageView(long Id, string Role, string Content, string? Profile, bool Incomplete, StatsView? Stats, DateTimeOffset CreatedAt)
{
    public static MessageView From(StoredMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Id, m.Role, m.Content, m.Profile, m.Incomplete, StatsView.From(m.Stats), m.CreatedAt);
    }
}

public sealed record StatsView(
    string Profile,
    int PromptTokens,
    int CachedPromptTokens,
    int CompletionTokens,
    double TimeToFirstTokenMs,
    double TotalMs,
    double PrefillTokensPerSecond,
    double DecodeTokensPerSecond,
    string FinishReason,
    int TrimmedMessages)
{
    public static StatsView? From(AnswerStats? s) => s is null ? null : new(
        s.ProfileId, s.PromptTokens, s.CachedPromptTokens, s.CompletionTokens, s.TimeToFirstToken.TotalMilliseconds, s.Total.TotalMilliseconds,
        s.PrefillTokensPerSecond, s.DecodeTokensPerSecond, s.FinishReason, s.TrimmedMessages);

    public AnswerStats ToStats() => new()
    {
        ProfileId = Profile,
        PromptTokens = PromptTokens,
        CachedPromptTokens = CachedPromptTokens,
        CompletionTokens = CompletionTokens,
        TimeToFirstToken = TimeSpan.FromMilliseconds(TimeToFirstTokenMs),
        Total = TimeSpan.FromMilliseconds(TotalMs),
        PrefillTokensPerSecond = PrefillTokensPerSecond,
        DecodeTokensPerSecond = DecodeTokensPerSecond,
        FinishReason = FinishReason,
        TrimmedMessages = TrimmedMessages,
    };
}

public sealed record SwitchView(string? From, string To, double LoadMs, DateTimeOffset At);

/// <summary>One event of a streamed answer: "text", "notice", or "done" (with the stats); then [DONE].</summary>
public sealed record MessageEvent(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notice = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StatsView? Stats = null);

/// <summary>A catalog profile as the native API lists it.</summary>
public sealed record ProfileView(string Id, string DisplayName, string Family, long? Parameters, string Quantization, int ContextLength, bool OnDisk, bool Resident)
{
    public ModelProfile ToProfile() => new()
    {
        Id = Id,
        DisplayName = DisplayName,
        Family = Family,
        Parameters = Parameters,
        Quantization = Quantization,
        ContextLength = ContextLength,
    };
}

/// <summary>What a profile switch did (PUT /api/sessions/{id}/profile).</summary>
public sealed record SwitchResult(
    ProfileView Profile,
    double ElapsedMs,
    bool WasResident,
    int ContextLength,
    int GpuLayers,
    int Threads,
    TemplateSource Template,
    string? PlanReason,
    int FallbackSteps,
    int MessageCount);
