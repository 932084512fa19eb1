using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// The replay as one JSON document: everything the other reports show, with exact numbers (bytes, milliseconds) and
/// stable camelCase fields. <c>schemaVersion</c> changes when a field changes meaning or goes away.
/// </summary>
public static class JsonReport
{
    public const string FileName = "report.json";

    public const int SchemaVersion = 1;

    public static string Render(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(ToDocument(result), ReplayJsonContext.Default.ReplayDocument) + "\n";
    }

    public static ReplayDocument ToDocument(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ReplayDocument(
            SchemaVersion,
            result.Source,
            result.StartedAt,
            Ms(result.WallTime),
            result.Interrupted,
            result.TeacherForcing,
            new SamplingDocument(result.Sampling.Temperature, result.Sampling.Seed, result.Sampling.MaxTokens),
            result.Threads,
            result.SystemPrompt,
            [.. result.Turns.Select((t, i) => new TurnDocument(i + 1, t.User, t.Reference, t.Expect ?? []))],
            [.. result.Profiles.Select(Profile)],
            result.Judge,
            result.Verdict is { } v
                ? new VerdictDocument(v.Recommended, v.RecommendedScore, v.Best, v.BestScore, v.Margin,
                    v.SpeedRatio is { } speed ? Math.Round(speed, 3) : null, v.MemoryShare is { } share ? Math.Round(share, 4) : null, v.Judge, v.Sentence)
                : null);
    }

    private static ProfileDocument Profile(ProfileResult p) => new(
        p.Id,
        p.DisplayName,
        p.Status switch
        {
            ReplayStatus.Completed => "completed",
            ReplayStatus.Skipped => "skipped",
            ReplayStatus.Failed => "failed",
            _ => "interrupted",
        },
        p.Reason,
        p.Detail,
        p.Path,
        p.ParameterCount,
        p.FileSizeBytes,
        p.Quantization,
        p.LoadTime is { } load ? Ms(load) : null,
        p.Plan is { } plan
            ? new PlanDocument(plan.GpuLayers, plan.TotalLayers, plan.Context, plan.PredictedVramBytes, plan.PredictedRamBytes, plan.Fits, plan.Reason, plan.FallbackSteps)
            : null,
        p.Memory is { } m ? new MemoryDocument(m.BaselineRssBytes, m.PeakRssBytes, m.BaselineVramBytes, m.PeakVramBytes, m.Samples) : null,
        p.SharedMemoryWithPrevious,
        p.KeywordsHit,
        p.KeywordsExpected,
        p.MeanTimeToFirstToken is { } ttft ? Ms(ttft) : null,
        p.DecodeTokensPerSecond is { } rate ? Math.Round(rate, 3) : null,
        [.. p.Turns.Select(t => new AnswerDocument(
            t.Turn,
            t.Answer,
            t.PromptTokens,
            t.CachedPromptTokens,
            t.CompletionTokens,
            Ms(t.TimeToFirstToken),
            Ms(t.Total),
            Math.Round(t.PrefillTokensPerSecond, 3),
            Math.Round(t.DecodeTokensPerSecond, 3),
            t.FinishReason,
            t.TrimmedMessages,
            t.Expected,
            t.KeywordsFound,
            t.ChrF is { } chrF ? Math.Round(chrF, 3) : null,
            t.Judgement is { } j ? new JudgementDocument(j.Score, j.Reason, j.Judge, j.SelfJudged) : null))],
        p.MeanChrF is { } meanChrF ? Math.Round(meanChrF, 3) : null,
        p.MeanScore is { } meanScore ? Math.Round(meanScore, 3) : null);

    /// <summary>Reads a report back (a service's POST /api/replay answer) into the result the terminal views show.</summary>
    /// <exception cref="JsonException">Not a report of <see cref="SchemaVersion"/>.</exception>
    public static ReplayResult Parse(string json)
    {
        var document = JsonSerializer.Deserialize(json, ReplayJsonContext.Default.ReplayDocument)
            ?? throw new JsonException("The report is empty.");
        if (document.SchemaVersion != SchemaVersion)
        {
            throw new JsonException($"The report has schema version {document.SchemaVersion}, not {SchemaVersion}.");
        }

        return new ReplayResult
        {
            Source = document.Source,
            StartedAt = document.StartedAt,
            WallTime = TimeSpan.FromMilliseconds(document.WallMs),
            Interrupted = document.Interrupted,
            TeacherForcing = document.TeacherForcing,
            Sampling = new Sessions.SamplingSettings(document.Sampling.Temperature, document.Sampling.Seed, document.Sampling.MaxTokens),
            Threads = document.Threads,
            SystemPrompt = document.System,
            Turns = [.. document.Turns.Select(t => new Sessions.ConversationTurn { User = t.User, Reference = t.Reference, Expect = t.Expect.Count == 0 ? null : t.Expect })],
            Profiles = [.. document.Profiles.Select(FromDocument)],
            Judge = document.Judge,
            Verdict = document.Verdict is { } v
                ? new Quality.TierVerdict
                {
                    Recommended = v.Recommended, RecommendedScore = v.RecommendedScore, Best = v.Best, BestScore = v.BestScore, Margin = v.Margin,
                    SpeedRatio = v.SpeedRatio, MemoryShare = v.MemoryShare, Judge = v.Judge, Sentence = v.Sentence,
                }
                : null,
        };
    }

    private static ProfileResult FromDocument(ProfileDocument p) => new()
    {
        Id = p.Id,
        DisplayName = p.DisplayName,
        Status = p.Status switch
        {
            "completed" => ReplayStatus.Completed,
            "skipped" => ReplayStatus.Skipped,
            "failed" => ReplayStatus.Failed,
            _ => ReplayStatus.Interrupted,
        },
        Reason = p.Reason,
        Detail = p.Detail,
        Path = p.Path,
        ParameterCount = p.ParameterCount,
        FileSizeBytes = p.FileSizeBytes,
        Quantization = p.Quantization,
        LoadTime = p.LoadMs is { } load ? TimeSpan.FromMilliseconds(load) : null,
        Plan = p.Plan is { } plan ? new ReplayPlan(plan.GpuLayers, plan.TotalLayers, plan.Context, plan.PredictedVramBytes, plan.PredictedRamBytes, plan.Fits, plan.Reason, plan.FallbackSteps) : null,
        Memory = p.Memory is { } m ? new MemoryPeak(m.BaselineRssBytes, m.PeakRssBytes, m.BaselineVramBytes, m.PeakVramBytes, m.Samples) : null,
        SharedMemoryWithPrevious = p.SharedMemoryWithPrevious,
        Turns = [.. p.Answers.Select(a => new TurnResult
        {
            Turn = a.Turn,
            Answer = a.Answer,
            PromptTokens = a.PromptTokens,
            CachedPromptTokens = a.CachedPromptTokens,
            CompletionTokens = a.CompletionTokens,
            TimeToFirstToken = TimeSpan.FromMilliseconds(a.TtftMs),
            Total = TimeSpan.FromMilliseconds(a.TotalMs),
            PrefillTokensPerSecond = a.PrefillTokensPerSecond,
            DecodeTokensPerSecond = a.DecodeTokensPerSecond,
            FinishReason = a.FinishReason,
            TrimmedMessages = a.TrimmedMessages,
            Expected = a.Expect,
            KeywordsFound = a.KeywordsFound,
            ChrF = a.ChrF,
            Judgement = a.Judgement is { } j ? new Quality.Judgement(j.Score, j.Reason, j.Judge, j.SelfJudged) : null,
        })],
    };

    private static double Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds, 3);
}

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
