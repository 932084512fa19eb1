using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Replay.Quality;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Commands;

/// <summary>What `replay` and `advise` both do: check everything, play the conversation with progress, then judge.</summary>
internal static class ReplayPlayback
{
    /// <summary>
    /// Checks the profiles, the conversation and the judge before anything loads (one sentence each), plays the
    /// conversation with the terminal's progress view, and judges the answers unless Ctrl+C interrupted the play. A
    /// judge that cannot judge is given to <paramref name="noVerdict"/> when there is one (the answers stand without a
    /// verdict), and thrown otherwise.
    /// </summary>
    public static async Task<ReplayResult> PlayAndJudgeAsync(
        IServiceProvider services,
        Conversation conversation,
        ReplayOptions options,
        string? judge,
        double margin,
        Action<ModelScaleException>? noVerdict,
        CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<ReplayRunner>();
        runner.Resolve(options.Profiles);
        ReplayRunner.Validate(conversation, options, options.Source);
        var judging = services.GetRequiredService<ReplayJudge>();
        judging.Check(judge);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var ctrlC = CtrlC.Cancels(stop);
        var view = services.GetRequiredService<ReplayView>();
        var replayed = await view.ShowAsync(progress => runner.RunAsync(conversation, options, progress, stop.Token));
        if (replayed.Interrupted)
        {
            return replayed;
        }

        try
        {
            return await judging.JudgeAsync(replayed, judge, margin, stop.Token);
        }
        catch (ModelScaleException ex) when (noVerdict is not null)
        {
            noVerdict(ex);
            return replayed;
        }
    }

    /// <summary>The profiles of --profiles (comma-separated, repeatable) followed by the files of --model.</summary>
    public static IReadOnlyList<string> Profiles(string[]? profiles, string[]? models) =>
        [.. (profiles ?? []).SelectMany(p => p.Split(',')), .. models ?? []];
}
