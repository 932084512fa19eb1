namespace ModelScale.ChatHost.Replay;

/// <summary>What a replay reports while it runs, for a progress display. Called on the replay's own flow, in order.</summary>
public interface IReplayProgress
{
    /// <summary>Everything is checked and planned: which tiers will play (true) and which are skipped or planned (false), in order.</summary>
    void ReplayStarting(IReadOnlyList<bool> plays)
    {
    }

    /// <summary>A profile is up next (<paramref name="index"/> counts from 0).</summary>
    void ProfileStarting(int index, int count, string id, int turns);

    /// <summary>Its model is loaded and the turns start.</summary>
    void ProfileLoaded(string id, TimeSpan loadTime, ReplayPlan? plan);

    /// <summary>A measured pass over the conversation starts (<paramref name="pass"/> counts from 0, of <paramref name="passes"/>).</summary>
    void PassStarting(string id, int pass, int passes)
    {
    }

    /// <summary>One more answer is in.</summary>
    void TurnFinished(string id, TurnResult turn, int turns);

    /// <summary>The profile is done: completed, skipped, failed or interrupted.</summary>
    void ProfileFinished(int index, int count, ProfileResult result);
}

/// <summary>A progress sink that shows nothing.</summary>
public sealed class NoReplayProgress : IReplayProgress
{
    public static NoReplayProgress Instance { get; } = new();

    public void ProfileStarting(int index, int count, string id, int turns)
    {
    }

    public void ProfileLoaded(string id, TimeSpan loadTime, ReplayPlan? plan)
    {
    }

    public void TurnFinished(string id, TurnResult turn, int turns)
    {
    }

    public void ProfileFinished(int index, int count, ProfileResult result)
    {
    }
}
