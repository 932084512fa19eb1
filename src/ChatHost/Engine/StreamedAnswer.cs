using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Gathers a streamed answer into one <see cref="ChatResponse"/>, keeping the <see cref="AnswerStats"/> its last update
/// carried and the logprobs of all its updates, in order (<see cref="ChatLogprobs"/>).
/// </summary>
public static class StreamedAnswer
{
    public static async Task<ChatResponse> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var updates = new List<ChatResponseUpdate>();
        AnswerStats? stats = null;
        List<Decoding.TokenLogprob>? logprobs = null;
        await foreach (var update in stream.WithCancellation(cancellationToken))
        {
            updates.Add(update);
            stats = AnswerStats.From(update) ?? stats;
            if (ChatLogprobs.From(update) is { } tokens)
            {
                (logprobs ??= []).AddRange(tokens);
            }
        }

        var response = updates.ToChatResponse();
        foreach (var message in response.Messages)
        {
            // The pieces of a call are for streaming; the whole call is in the message as its FunctionCallContent.
            for (var i = message.Contents.Count - 1; i >= 0; i--)
            {
                if (message.Contents[i] is Tools.FunctionCallDeltaContent)
                {
                    message.Contents.RemoveAt(i);
                }
            }
        }
        if (stats is not null)
        {
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[AnswerStats.PropertyKey] = stats;
        }

        if (logprobs is not null)
        {
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[ChatLogprobs.PropertyKey] = logprobs;
        }

        return response;
    }
}
