namespace ModelScale.ChatHost.Replay.Quality;

/// <summary>What the judge said of one answer: a score from 1 to 10 and why, and whether the judge was the tier itself.</summary>
public sealed record Judgement(int Score, string Reason, string Judge, bool SelfJudged);
