using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine;

/// <summary>Gathers a streamed answer into one <see cref="ChatResponse"/>, keeping the <see cref="AnswerStats"/> its last update carried.</summary>
public static class StreamedAnswer
{
    public static async Task<ChatResponse> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var updates = new List<ChatResponseUpdate>();
        AnswerStats? stats = null;
        await foreach (var update in stream.WithCancellation(cancellationToken))
        {
            updates.Add(update);
            stats = AnswerStats.From(update) ?? stats;
        }

        var response = updates.ToChatResponse();
        if (stats is not null)
        {
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[AnswerStats.PropertyKey] = stats;
        }

        return response;
    }
}
