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
    VerdictDocument? Verdict = null,
    int Repeat = 1,
    bool WarmUp = false,
    LoadDocument? Load = null,
    BandwidthDocument? Bandwidth = null,
    IReadOnlyList<string>? Warnings = null);

/// <summary>The highest one-minute load average during the run, the cores, and whether it went above them (busy).</summary>
public sealed record LoadDocument(double PeakLoadAverage, int Cores, int Samples, bool Busy, string? Warning);

/// <summary>The memory bandwidth `bench` measured (bytes per second) that the predictions rest on.</summary>
public sealed record BandwidthDocument(double HostReadBytesPerSecond, double? HostDecodeBytesPerSecond, double? GpuDecodeBytesPerSecond, int Threads, string Cpu, string? Model, DateTimeOffset MeasuredAt);

/// <summary>Median, min and max over the measured passes, and how many there were.</summary>
public sealed record DistributionDocument(double Median, double Min, double Max, int Count);

/// <summary>A tier's speeds over its measured passes.</summary>
public sealed record SpeedDocument(DistributionDocument? DecodeTokensPerSecond, DistributionDocument? TtftMs, int Passes, bool WarmedUp);

/// <summary>The decode speed predicted from the bytes each token reads and the measured bandwidth; null tokensPerSecond when unknown.</summary>
public sealed record PredictionDocument(long HostBytesPerToken, long GpuBytesPerToken, double? TokensPerSecond, string Basis);

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
    string Sentence,
    string? Warning = null);

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
    double? MeanScore = null,
    bool Planned = false,
    string? Obtain = null,
    SpeedDocument? Speed = null,
    PredictionDocument? Prediction = null,
    double? SecondsPer1000Tokens = null);

public sealed record PlanDocument(int GpuLayers, int TotalLayers, int Context, long PredictedVramBytes, long PredictedRamBytes, bool Fits, string Reason, int FallbackSteps, long? FreeRamBytes = null, long? FreeVramBytes = null);

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
