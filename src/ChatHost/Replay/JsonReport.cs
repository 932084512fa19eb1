using System.Text.Json;
using ModelScale.ChatHost.Contracts;

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
                    v.SpeedRatio is { } speed ? Math.Round(speed, 3) : null, v.MemoryShare is { } share ? Math.Round(share, 4) : null, v.Judge, v.Sentence,
                    result.Load is { Busy: true } busy ? busy.Warning : null)
                : null,
            result.Repeat,
            result.WarmUp,
            result.Load is { } load ? new LoadDocument(Math.Round(load.PeakLoadAverage, 2), load.Cores, load.Samples, load.Busy, load.Busy ? load.Warning : null) : null,
            result.Bandwidth is { } b
                ? new BandwidthDocument(Math.Round(b.HostReadBytesPerSecond), b.HostDecodeBytesPerSecond is { } hd ? Math.Round(hd) : null,
                    b.GpuDecodeBytesPerSecond is { } gd ? Math.Round(gd) : null, b.Threads, b.Cpu, b.Model, b.MeasuredAt)
                : null,
            ReportText.Warnings(result));
    }

    private static DistributionDocument? Dist(Bench.Distribution? d) =>
        d is null ? null : new DistributionDocument(Math.Round(d.Median, 3), Math.Round(d.Min, 3), Math.Round(d.Max, 3), d.Count);

    private static Bench.Distribution? Dist(DistributionDocument? d) =>
        d is null ? null : new Bench.Distribution(d.Median, d.Min, d.Max, d.Count);

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
            ? new PlanDocument(plan.GpuLayers, plan.TotalLayers, plan.Context, plan.PredictedVramBytes, plan.PredictedRamBytes, plan.Fits, plan.Reason, plan.FallbackSteps, plan.FreeRamBytes, plan.FreeVramBytes)
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
        p.MeanScore is { } meanScore ? Math.Round(meanScore, 3) : null,
        p.Planned,
        p.Obtain,
        p.Speed is { } s ? new SpeedDocument(Dist(s.DecodeTokensPerSecond), Dist(s.TimeToFirstTokenMs), s.Passes, s.WarmedUp) : null,
        p.Prediction is { } pr ? new PredictionDocument(pr.HostBytesPerToken, pr.GpuBytesPerToken, pr.TokensPerSecond is { } tps ? Math.Round(tps, 3) : null, pr.Basis) : null,
        p.SecondsPerThousandTokens is { } spk ? Math.Round(spk, 3) : null);

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
            Repeat = document.Repeat,
            WarmUp = document.WarmUp,
            Load = document.Load is { } load ? new MachineLoad(load.PeakLoadAverage, load.Cores, load.Samples) : null,
            Bandwidth = document.Bandwidth is { } b
                ? new Bench.MemoryBandwidth(b.HostReadBytesPerSecond, b.HostDecodeBytesPerSecond, b.GpuDecodeBytesPerSecond, b.Threads, b.Cpu, b.Model, b.MeasuredAt)
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
        Plan = p.Plan is { } plan ? new ReplayPlan(plan.GpuLayers, plan.TotalLayers, plan.Context, plan.PredictedVramBytes, plan.PredictedRamBytes, plan.Fits, plan.Reason, plan.FallbackSteps, plan.FreeRamBytes, plan.FreeVramBytes) : null,
        Obtain = p.Obtain,
        Speed = p.Speed is { } s ? new SpeedSummary(Dist(s.DecodeTokensPerSecond), Dist(s.TtftMs), s.Passes, s.WarmedUp) : null,
        Prediction = p.Prediction is { } pr ? new DecodePrediction(pr.HostBytesPerToken, pr.GpuBytesPerToken, pr.TokensPerSecond, pr.Basis) : null,
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
