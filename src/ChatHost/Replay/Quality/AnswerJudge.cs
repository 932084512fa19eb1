using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Replay.Quality;

/// <summary>
/// Scores every answer of every tier of a replay with one judge model, in order (tiers as played, turns in turn), each
/// reply held by the rubric's schema so that it parses.
/// </summary>
public static class AnswerJudge
{
    /// <summary>The replay with a <see cref="Judgement"/> on every answer, and <see cref="ReplayResult.Judge"/> set.</summary>
    /// <exception cref="ModelScaleException">The judge's reply is not a judgement (cut off by the token limit).</exception>
    public static async Task<ReplayResult> JudgeAsync(IChatClient judge, string judgeId, ReplayResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(judgeId);
        ArgumentNullException.ThrowIfNull(result);
        var options = JudgeRubric.Options(result.Sampling.Seed);
        var profiles = new List<ProfileResult>();
        foreach (var profile in result.Profiles)
        {
            var self = string.Equals(profile.Id, judgeId, StringComparison.OrdinalIgnoreCase);
            var turns = new List<TurnResult>();
            foreach (var turn in profile.Turns)
            {
                var asked = result.Turns[turn.Turn - 1];
                var messages = JudgeRubric.Messages(asked.User, asked.Reference, turn.Answer);
                var reply = await judge.GetResponseAsync(messages, options.Clone(), cancellationToken);
                var (score, reason) = Parse(reply.Text, judgeId, profile.Id, turn.Turn);
                turns.Add(turn with { Judgement = new Judgement(score, reason, judgeId, self) });
            }

            profiles.Add(profile with { Turns = turns });
        }

        return result with { Judge = judgeId, Profiles = profiles };
    }

    /// <summary>Reads <c>{"score": 1-10, "reason": "..."}</c>.</summary>
    /// <exception cref="ModelScaleException">Not that shape.</exception>
    public static (int Score, string Reason) Parse(string reply, string judgeId, string tier, int turn)
    {
        ArgumentNullException.ThrowIfNull(reply);
        try
        {
            using var document = JsonDocument.Parse(reply);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("score", out var score) && score.TryGetInt32(out var value) && value is >= 1 and <= 10
                && root.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String)
            {
                return (value, reason.GetString()!.Trim());
            }
        }
        catch (JsonException)
        {
            // Said below, with the reply.
        }

        var shown = reply.Length > 80 ? reply[..80] + "..." : reply;
        throw new ModelScaleException(
            ErrorKind.Unusable,
            $"The judge {judgeId} did not reply with a judgement of {tier}'s answer to turn {turn} (it wrote \"{shown}\").");
    }
}
