using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Replay.Quality;

/// <summary>
/// The one fixed rubric every answer is judged by, the JSON Schema the judge's output is held to (a grammar built from
/// it makes every reply parse), and the messages that put an answer before the judge.
/// </summary>
public static class JudgeRubric
{
    /// <summary>The most characters of the judge's reason: a bound that lets even a random model finish its reply.</summary>
    public const int MaxReasonLength = 160;

    /// <summary>Tokens the judge may write: enough for the longest reason the schema allows, escapes included.</summary>
    public const int MaxReplyTokens = 1024;

    public const string Instructions =
        """
        You are a strict, impartial judge of a chat assistant's answer. Read the user's message, the reference answer
        when one is given, and the answer to judge. Score the answer from 1 to 10:
        10: correct, complete and clear; as good as or better than the reference.
        7-9: correct and useful, with small omissions or rough wording.
        4-6: partly correct or partly relevant; misses important points.
        2-3: mostly wrong, off-topic or incoherent, with a trace of relevance.
        1: wrong, empty, unrelated or gibberish.
        Judge only what the answer says, not its length or style. Reply with JSON only:
        {"score": <integer 1-10>, "reason": "<one short sentence>"}.
        """;

    /// <summary>The JSON Schema of a judgement: an integer score from 1 to 10 and a short reason.</summary>
    public static JsonElement Schema { get; } = JsonDocument.Parse(
        $$"""
        {
          "type": "object",
          "properties": {
            "score": { "type": "integer", "minimum": 1, "maximum": 10 },
            "reason": { "type": "string", "minLength": 1, "maxLength": {{MaxReasonLength}} }
          },
          "required": ["score", "reason"],
          "additionalProperties": false
        }
        """).RootElement.Clone();

    /// <summary>The system prompt and the user message that put one answer before the judge.</summary>
    public static IReadOnlyList<ChatMessage> Messages(string user, string? reference, string answer)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(answer);
        var text = new StringBuilder()
            .AppendLine("User's message:").AppendLine(user).AppendLine();
        if (reference is not null)
        {
            text.AppendLine("Reference answer:").AppendLine(reference).AppendLine();
        }

        text.AppendLine("Answer to judge:").AppendLine(answer.Length == 0 ? "(empty answer)" : answer);
        return [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, text.ToString().TrimEnd())];
    }

    /// <summary>Greedy, seeded, held to <see cref="Schema"/>.</summary>
    public static ChatOptions Options(long seed) => new()
    {
        Temperature = 0,
        Seed = seed,
        MaxOutputTokens = MaxReplyTokens,
        ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema, "judgement", "A score from 1 to 10 and a one-sentence reason."),
    };
}
