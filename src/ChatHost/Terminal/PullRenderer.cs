using System.Globalization;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;
using ModelScale.Profiles.Units;

namespace ModelScale.ChatHost.Terminal;

/// <summary>Formats what `modelscale pull` shows: progress lines and the outcome. No I/O decisions live here.</summary>
internal static class PullRenderer
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"Downloading m.gguf", "Checking m.gguf".</summary>
    public static string Title(DownloadProgress p)
        => p.Stage == DownloadStage.Hashing ? $"Checking {p.FileName}" : $"Downloading {p.FileName}";

    /// <summary>"12.3 MiB of 100.0 MiB, 5.1 MiB/s, 0:17 left" (parts that are unknown are left out).</summary>
    public static string Stats(DownloadProgress p)
    {
        var parts = new List<string>
        {
            p.TotalBytes is { } total ? $"{ByteSize.Format(p.BytesDone)} of {ByteSize.Format(total)}" : ByteSize.Format(p.BytesDone),
        };
        if (p.BytesPerSecond is { } rate)
        {
            parts.Add($"{ByteSize.Format((long)rate)}/s");
        }

        if (p.Eta is { } eta)
        {
            parts.Add($"{Eta(eta)} left");
        }

        return string.Join(", ", parts);
    }

    /// <summary>The short form beside a progress bar: "12.3 MiB/100.0 MiB · 5.1 MiB/s · 0:17".</summary>
    public static string Compact(DownloadProgress p)
    {
        var parts = new List<string>
        {
            p.TotalBytes is { } total ? $"{ByteSize.Format(p.BytesDone)}/{ByteSize.Format(total)}" : ByteSize.Format(p.BytesDone),
        };
        if (p.BytesPerSecond is { } rate)
        {
            parts.Add($"{ByteSize.Format((long)rate)}/s");
        }

        if (p.Eta is { } eta)
        {
            parts.Add(Eta(eta));
        }

        return string.Join(" · ", parts);
    }

    /// <summary>One line for a log or a pipe: "Downloading m.gguf (resumed at 97.7 KiB): 12% · 12.3 MiB of 100.0 MiB, 5.1 MiB/s, 0:17 left".</summary>
    public static string Line(DownloadProgress p)
    {
        var resumed = Resumption(p) is { } how ? $" ({how})" : string.Empty;
        var percent = p.TotalBytes is { } total && total > 0 ? string.Create(Invariant, $"{100.0 * p.BytesDone / total:0}% · ") : string.Empty;
        return $"{Title(p)}{resumed}: {percent}{Stats(p)}";
    }

    /// <summary>
    /// What became of an earlier partial file: "resumed at 97.7 KiB", or "the server does not resume downloads; starting
    /// over" when it sent the whole file again; null for a fresh download.
    /// </summary>
    public static string? Resumption(DownloadProgress p) => p.Stage != DownloadStage.Downloading
        ? null
        : p.ResumedFrom > 0
            ? $"resumed at {ByteSize.Format(p.ResumedFrom)}"
            : p.DiscardedBytes > 0
                ? $"the server does not resume downloads; starting over, {ByteSize.Format(p.DiscardedBytes)} already here discarded"
                : null;

    /// <summary>"0:17", "12:05", "1:02:03".</summary>
    public static string Eta(TimeSpan eta)
    {
        var seconds = (long)Math.Ceiling(eta.TotalSeconds);
        var (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return h > 0 ? string.Create(Invariant, $"{h}:{m:00}:{s:00}") : string.Create(Invariant, $"{m}:{s:00}");
    }

    /// <summary>What the pull did, in one or two sentences.</summary>
    public static IEnumerable<string> Outcome(ModelProfile profile, PullResult r)
    {
        switch (r.Outcome)
        {
            case PullOutcome.LocalFile:
                yield return $"{profile.Id} is the local file {r.Path}; there is nothing to pull.";
                break;

            case PullOutcome.AlreadyOnDisk when r.VerifiedAgainst is { } against:
                yield return $"{profile.Id} is already on disk at {r.Path} and its sha256 matches {against}; nothing to download (--force downloads it again).";
                break;

            case PullOutcome.AlreadyOnDisk:
                yield return $"{profile.Id} is already on disk at {r.Path}; no sha256 is known to check it against, so nothing was downloaded (--force downloads it again).";
                break;

            default:
                var resumed = r.ResumedFrom > 0
                    ? $", resumed at {ByteSize.Format(r.ResumedFrom)}"
                    : r.DiscardedBytes > 0 ? "; the server does not resume downloads, so it started over" : string.Empty;
                yield return $"Downloaded {profile.Id} to {r.Path} ({ByteSize.Format(r.SizeBytes ?? 0)}{resumed}).";
                yield return r.VerifiedAgainst is { } verified
                    ? $"sha256 {r.Sha256} matches {verified}."
                    : $"sha256 {r.Sha256}; the catalog has none, so it was recorded in {r.RecordedIn} and later pulls must match it.";
                break;
        }
    }
}
