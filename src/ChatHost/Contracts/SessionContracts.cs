using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>POST /api/sessions.</summary>
public sealed record CreateSessionRequest(string? Title = null, string? Profile = null, string? System = null, float? Temperature = null, long? Seed = null, int? MaxTokens = null);

/// <summary>POST /api/sessions/{id}/messages.</summary>
public sealed record SendMessageRequest(string? Content = null, bool? Stream = null);

/// <summary>PUT /api/sessions/{id}/profile.</summary>
public sealed record SwitchProfileRequest(string? Profile = null);

/// <summary>PUT /api/sessions/{id}/title: null or blank clears it.</summary>
public sealed record RenameSessionRequest(string? Title = null);

/// <summary>PUT /api/sessions/{id}/system: null clears it.</summary>
public sealed record SystemPromptRequest(string? System = null);

/// <summary>PUT /api/sessions/{id}/sampling.</summary>
public sealed record SamplingRequest(float? Temperature = null, long? Seed = null, int? MaxTokens = null);

public sealed record SessionView(string Id, string? Title, string? Profile, string? System, SamplingView Sampling, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int MessageCount);

public sealed record SamplingView(float Temperature, long Seed, int? MaxTokens);

public sealed record SessionDetail(SessionView Session, IReadOnlyList<MessageView> Messages, IReadOnlyList<SwitchView> Switches);

/// <summary>A stored message; an answer carries the profile that gave it, its stats and whether it was interrupted.</summary>
public sealed record MessageView(long Id, string Role, string Content, string? Profile, bool Incomplete, StatsView? Stats, DateTimeOffset CreatedAt);

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
    int TrimmedMessages);

public sealed record SwitchView(string? From, string To, double LoadMs, DateTimeOffset At);

/// <summary>One event of a streamed answer: "text", "notice", or "done" (with the stats); then [DONE].</summary>
public sealed record MessageEvent(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notice = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StatsView? Stats = null);

/// <summary>A catalog profile as the native API lists it; <c>remote</c>: it runs on an OpenAI-compatible endpoint elsewhere (nothing to download).</summary>
public sealed record ProfileView(string Id, string DisplayName, string Family, long? Parameters, string Quantization, int ContextLength, bool OnDisk, bool Resident, bool Remote = false);

/// <summary>What a profile switch did (PUT /api/sessions/{id}/profile); <c>template</c> is "model", "profileOverride", "chatMLFallback" or "remote".</summary>
public sealed record SwitchResult(
    ProfileView Profile,
    double ElapsedMs,
    bool WasResident,
    int ContextLength,
    int GpuLayers,
    int Threads,
    string Template,
    string? PlanReason,
    int FallbackSteps,
    int MessageCount)
{
    /// <summary>The plan's notes (what it left out or warns about), which a terminal shows under the plan's reason.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? PlanNotes { get; init; }
}
