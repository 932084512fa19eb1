using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>
/// The replay report as JSON (report.json of `modelscale replay`, and the answer of POST /api/replay, which chat
/// --connect reads back): exact numbers (bytes, milliseconds) and stable camelCase fields.
/// </summary>
public sealed record ReplayDocument(
    int SchemaVersion,
    string Source,
    DateTimeOffset StartedAt,
    double WallMs,
    bool Interrupted,
    bool TeacherForcing,
    SamplingDocument Sampling,
    int? Threads,
    string? System,
    IReadOnlyList<TurnDocument> Turns,
    IReadOnlyList<ProfileDocument> Profiles,
    string? Judge = null,
    VerdictDocument? Verdict = null);

/// <summary>Which tier is enough: the smallest within the margin of the best mean judge score, and what it saves.</summary>
public sealed record VerdictDocument(
    string Recommended,
    double RecommendedScore,
    string Best,
    double BestScore,
    double Margin,
    double? SpeedRatio,
    double? MemoryShare,
    string Judge,
    string Sentence);

public sealed record SamplingDocument(float Temperature, long Seed, int? MaxTokens);

public sealed record TurnDocument(int Turn, string User, string? Reference, IReadOnlyList<string> Expect);

public sealed record ProfileDocument(
    string Id,
    string DisplayName,
    string Status,
    string? Reason,
    string? Detail,
    string? Path,
    long? ParameterCount,
    long? FileSizeBytes,
    string? Quantization,
    double? LoadMs,
    PlanDocument? Plan,
    MemoryDocument? Memory,
    bool SharedMemoryWithPrevious,
    int KeywordsHit,
    int KeywordsExpected,
    double? MeanTtftMs,
    double? DecodeTokensPerSecond,
    IReadOnlyList<AnswerDocument> Answers,
    double? MeanChrF = null,
    double? MeanScore = null);

public sealed record PlanDocument(int GpuLayers, int TotalLayers, int Context, long PredictedVramBytes, long PredictedRamBytes, bool Fits, string Reason, int FallbackSteps);

public sealed record MemoryDocument(long BaselineRssBytes, long PeakRssBytes, long? BaselineVramBytes, long? PeakVramBytes, int Samples);

public sealed record AnswerDocument(
    int Turn,
    string Answer,
    int PromptTokens,
    int CachedPromptTokens,
    int CompletionTokens,
    double TtftMs,
    double TotalMs,
    double PrefillTokensPerSecond,
    double DecodeTokensPerSecond,
    string FinishReason,
    int TrimmedMessages,
    IReadOnlyList<string> Expect,
    IReadOnlyList<string> KeywordsFound,
    double? ChrF = null,
    JudgementDocument? Judgement = null);

/// <summary>The judge's score of one answer (1-10), its reason, the judging profile, and whether it judged itself.</summary>
public sealed record JudgementDocument(int Score, string Reason, string Judge, bool SelfJudged);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ReplayDocument))]
internal sealed partial class ReplayJsonContext : JsonSerializerContext;
