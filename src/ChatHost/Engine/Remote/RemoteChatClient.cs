using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Engine.Remote;

/// <summary>
/// A remote tier as an <see cref="IChatClient"/>: forwards to the OpenAI-compatible client and measures on this side
/// what the local engine measures inside llama.cpp: time to first token and tokens per second from the streamed
/// chunks, token counts from the endpoint's usage. The stats travel in the last update, as the local engine's do.
/// Failures become one <see cref="RemoteTierException"/> sentence; one in the middle of an answer says so.
/// </summary>
public sealed class RemoteChatClient(IChatClient inner, ModelProfile profile, TimeProvider time, TimeSpan timeout) : DelegatingChatClient(inner)
{
    private readonly RemoteEndpoint _remote = profile?.Remote ?? throw new ArgumentException("The profile is not remote.", nameof(profile));

    public ModelProfile Profile { get; } = profile;

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        StreamedAnswer.CollectAsync(GetStreamingResponseAsync(messages, options, cancellationToken), cancellationToken);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        TimeSpan? firstToken = null;
        var chunks = 0;
        long? promptTokens = null, completionTokens = null;
        ChatFinishReason? finish = null;

        // The remote engine knows its model by its own name, whatever the caller called the tier.
        var remoteOptions = options?.Clone() ?? new ChatOptions();
        remoteOptions.ModelId = _remote.Model;
        await using var updates = base.GetStreamingResponseAsync(messages, remoteOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    break;
                }

                update = updates.Current;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var explained = RemoteErrors.Explain(Profile, _remote, ex, timeout);
                throw chunks == 0
                    ? explained
                    : new RemoteTierException($"{explained.Message.TrimEnd('.')}, after {chunks} chunks of the answer; the partial answer is kept.", ex);
            }

            if (!string.IsNullOrEmpty(update.Text))
            {
                firstToken ??= time.GetElapsedTime(started);
                chunks++;
            }

            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                promptTokens = usage.Details.InputTokenCount ?? promptTokens;
                completionTokens = usage.Details.OutputTokenCount ?? completionTokens;
            }

            finish = update.FinishReason ?? finish;
            yield return update;
        }

        var total = time.GetElapsedTime(started);
        var completion = (int)(completionTokens ?? chunks);
        var ttft = firstToken ?? total;
        var decodeSeconds = (total - ttft).TotalSeconds;
        var stats = new AnswerStats
        {
            ProfileId = Profile.Id,
            PromptTokens = (int)(promptTokens ?? 0),
            CachedPromptTokens = 0,
            CompletionTokens = completion,
            TimeToFirstToken = ttft,
            Total = total,
            PrefillTokensPerSecond = promptTokens is > 0 && ttft > TimeSpan.Zero ? promptTokens.Value / ttft.TotalSeconds : 0,
            DecodeTokensPerSecond = completion > 1 && decodeSeconds > 0 ? (completion - 1) / decodeSeconds : 0,
            FinishReason = finish == ChatFinishReason.Length ? FinishReasons.Length : FinishReasons.Stop,
        };
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            FinishReason = finish ?? ChatFinishReason.Stop,
            AdditionalProperties = new() { [AnswerStats.PropertyKey] = stats },
        };
    }
}
