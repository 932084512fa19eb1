using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Replay.Quality;

/// <summary>
/// Picks the judge of a replay and runs it: <c>--judge PROFILE</c>, or by default a remote tier when the catalog has
/// one, else the largest tier that completed; <c>--judge none</c> turns judging off. Then the verdict.
/// </summary>
public sealed class ReplayJudge(ProfileCatalog catalog, ProfileLoader loader, IModelEngine engine, RemoteClientFactory? remotes = null)
{
    /// <summary>What turns the judge off.</summary>
    public const string None = "none";

    /// <summary>Checks an explicit judge before anything plays.</summary>
    /// <exception cref="CatalogException">An id that is not in the catalog.</exception>
    public void Check(string? requested)
    {
        if (requested is not null && !IsOff(requested))
        {
            ProfileResolver.Resolve(catalog, requested.Trim());
        }
    }

    public static bool IsOff(string? requested) => string.Equals(requested?.Trim(), None, StringComparison.OrdinalIgnoreCase);

    /// <summary>The judge's profile; null when judging is off or no tier completed to judge with.</summary>
    public ModelProfile? Pick(ReplayResult result, string? requested)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (IsOff(requested))
        {
            return null;
        }

        if (requested is not null)
        {
            return ProfileResolver.Resolve(catalog, requested.Trim());
        }

        if (catalog.Profiles.FirstOrDefault(p => p.IsRemote) is { } remote)
        {
            return remote;
        }

        var largest = result.Profiles
            .Where(p => p.Status == ReplayStatus.Completed && p.Played)
            .OrderByDescending(p => p.ParameterCount ?? 0)
            .ThenByDescending(p => p.FileSizeBytes ?? 0)
            .FirstOrDefault();
        return largest is null ? null
            : catalog.Profiles.FirstOrDefault(p => string.Equals(p.Id, largest.Id, StringComparison.OrdinalIgnoreCase))
              ?? (largest.Path is { } path ? ModelProfile.FromFile(path) : null);
    }

    /// <summary>The replay judged by the picked judge, with its verdict; unchanged when there is no judge.</summary>
    public async Task<ReplayResult> JudgeAsync(ReplayResult result, string? requested, double margin = TierVerdict.DefaultMargin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (Pick(result, requested) is not { } judge)
        {
            return result;
        }

        var client = await ClientAsync(judge, cancellationToken);
        var judgeId = judge.IsAdHoc ? result.Profiles.FirstOrDefault(p => p.Path == judge.Path)?.Id ?? judge.Id : judge.Id;
        var judged = await AnswerJudge.JudgeAsync(client, judgeId, result, cancellationToken);
        return judged with { Verdict = TierVerdict.From(judged, margin) };
    }

    private async Task<IChatClient> ClientAsync(ModelProfile judge, CancellationToken cancellationToken) => judge.IsRemote
        ? (remotes ?? throw new InvalidOperationException("Remote tiers need a RemoteClientFactory.")).Create(judge)
        : new LeasedChatClient(engine, await loader.PrepareOnceAsync(judge, cancellationToken));
}
