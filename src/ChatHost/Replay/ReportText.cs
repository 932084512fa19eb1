using System.Globalization;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Units;

namespace ModelScale.ChatHost.Replay;

/// <summary>How the reports word and format values, so Markdown, HTML and the terminal table say the same thing.</summary>
public static class ReportText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A missing value.</summary>
    public const string None = "-";

    public static string Duration(TimeSpan? t) => t switch
    {
        null => None,
        { TotalSeconds: >= 1 } s => string.Create(Invariant, $"{s.TotalSeconds:F2} s"),
        var s => string.Create(Invariant, $"{s.Value.TotalMilliseconds:F0} ms"),
    };

    /// <summary>"12.3"; below 1, up to three decimals ("0.08"), so a slow prediction never reads as 0.</summary>
    public static string Rate(double? tokensPerSecond) =>
        tokensPerSecond is { } rate && rate > 0 ? rate.ToString(rate < 1 ? "0.0##" : "F1", Invariant) : None;

    public static string Size(long? bytes) => bytes is { } b ? ByteSize.Format(b) : None;

    public static string Parameters(long? count) => count is { } c and > 0 ? ParameterCount.Format(c) : None;

    public static string Keywords(ProfileResult profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.KeywordsExpected == 0 ? None : string.Create(Invariant, $"{profile.KeywordsHit}/{profile.KeywordsExpected}");
    }

    /// <summary>"2/3: cat, ball" for one answer; "-" when the turn expects nothing.</summary>
    public static string Keywords(TurnResult turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Expected.Count == 0)
        {
            return None;
        }

        var hit = string.Create(Invariant, $"{turn.KeywordsFound.Count}/{turn.Expected.Count}");
        return turn.KeywordsFound.Count == 0 ? hit : $"{hit}: {string.Join(", ", turn.KeywordsFound)}";
    }

    public static string Tokens(TurnResult turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return string.Create(Invariant, $"{turn.PromptTokens} / {turn.CompletionTokens}");
    }

    /// <summary>"0/6 layers on GPU, ctx 2048".</summary>
    public static string GpuLayers(ReplayPlan? plan) =>
        plan is null ? None : string.Create(Invariant, $"{plan.GpuLayers}/{plan.TotalLayers}");

    /// <summary>Peak resident memory, with how much of it the run added: "212.4 MiB (+41.0 MiB)".</summary>
    public static string PeakRam(MemoryPeak? memory) => memory is null
        ? None
        : $"{ByteSize.Format(memory.PeakRssBytes)} (+{ByteSize.Format(memory.PeakRssBytes - memory.BaselineRssBytes)})";

    /// <summary>Peak GPU memory in use, with the growth during the run; "no NVML" without it.</summary>
    public static string PeakVram(MemoryPeak? memory) => memory switch
    {
        null => None,
        { PeakVramBytes: { } peak } => $"{ByteSize.Format(peak)} (+{ByteSize.Format(memory.VramGrowthBytes ?? 0)})",
        _ => "no NVML",
    };

    /// <summary>"greedy, max 24 tokens" or "temperature 0.7, seed 42".</summary>
    public static string Sampling(SamplingSettings sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        var how = sampling.Temperature <= 0
            ? "greedy (temperature 0)"
            : string.Create(Invariant, $"temperature {sampling.Temperature:0.##}, seed {sampling.Seed}");
        return sampling.MaxTokens is { } max ? string.Create(Invariant, $"{how}, at most {max} tokens per answer") : how;
    }

    public static string Mode(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.TeacherForcing
            ? "teacher forcing: every model sees the reference answers as the earlier turns"
            : "each model sees its own earlier answers";
    }

    /// <summary>What every view warns of: a busy machine (load above the cores during the run).</summary>
    public static IReadOnlyList<string> Warnings(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Load is { Busy: true } load ? [load.Warning] : [];
    }

    /// <summary>"median of 3 measured passes, each after a warm-up answer that is not measured".</summary>
    public static string Passes(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var passes = result.Repeat == 1 ? "one measured pass" : string.Create(Invariant, $"median of {result.Repeat} measured passes");
        return result.WarmUp ? $"{passes}, each after a warm-up answer that is not measured" : $"{passes}, with no warm-up (--no-warm-up)";
    }

    /// <summary>The bandwidth the predictions rest on, or that there is none.</summary>
    public static string Bandwidth(Bench.MemoryBandwidth? bandwidth)
    {
        if (bandwidth is null)
        {
            return "unknown: " + DecodePrediction.Unmeasured + ", and replay predicts the speed of tiers it does not run";
        }

        var gpu = bandwidth.GpuDecodeBytesPerSecond is { } g ? string.Create(Invariant, $"{g / (1 << 30):0.0} GiB/s") : "not measured";
        var decode = bandwidth.HostDecodeBytesPerSecond is { } h ? string.Create(Invariant, $"{h / (1 << 30):0.0} GiB/s in a CPU decode of {bandwidth.Model}") : "no CPU decode measured";
        return string.Create(Invariant,
            $"host {bandwidth.HostReadBytesPerSecond / (1 << 30):0.0} GiB/s read on {bandwidth.Threads} threads, {decode}; GPU {gpu} (bench, {bandwidth.MeasuredAt:yyyy-MM-dd HH:mm} UTC)");
    }

    public static string Timestamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss zzz", Invariant);

    /// <summary>
    /// Text on one line, at most <paramref name="length"/> characters: cut at the last space that fits, never inside a
    /// word (a single word longer than the room is the only thing cut), with an ellipsis when cut.
    /// </summary>
    public static string Shorten(string text, int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = string.Join(' ', text.Split(['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        if (line.Length <= length)
        {
            return line;
        }

        var room = Math.Max(0, length - 1);
        var space = line.LastIndexOf(' ', Math.Min(room, line.Length - 1));
        var cut = space > 0 ? line[..space].TrimEnd(',', ';', ':', '.') : line[..room];
        return cut + "…";
    }
}
