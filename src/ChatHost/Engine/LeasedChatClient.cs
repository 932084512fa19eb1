using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// A profile's model as an <see cref="IChatClient"/> that holds the model only while it answers: each call takes a
/// place in the model's queue and a lease (loading the model again if it was unloaded), and gives both back at the end.
/// A <see cref="ModelKeepAlive"/> in the options' AdditionalProperties sets how long the model stays loaded afterwards.
/// </summary>
public sealed class LeasedChatClient(IModelEngine engine, ModelLoadRequest request, GenerationMonitor? monitor = null) : IChatClient
{
    public ModelLoadRequest Request => request;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        StreamedAnswer.CollectAsync(GetStreamingResponseAsync(messages, options, cancellationToken), cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        monitor?.Started();
        AnswerStats? stats = null;
        var outcome = GenerationMonitor.Error;
        try
        {
            ModelLease lease;
            try
            {
                lease = await engine.LeaseAsync(request, ModelKeepAlive.From(options?.AdditionalProperties), cancellationToken);
            }
            catch (ModelBusyException)
            {
                outcome = GenerationMonitor.Busy;
                throw;
            }

            using (lease)
            {
                await foreach (var update in lease.Client.GetStreamingResponseAsync(messages, options, cancellationToken))
                {
                    stats = AnswerStats.From(update) ?? stats;
                    yield return update;
                }
            }

            outcome = stats?.FinishReason ?? FinishReasons.Stop;
        }
        finally
        {
            // A caller that stops reading (a client that went away) ends here without an outcome: that is a cancel.
            if (outcome == GenerationMonitor.Error && (cancellationToken.IsCancellationRequested || stats is not null))
            {
                outcome = FinishReasons.Cancelled;
            }

            monitor?.Complete(request.Id, outcome, stats);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return new ChatClientMetadata("modelscale-llamasharp", defaultModelId: request.Id);
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // The engine owns the model; a client is only a way to reach it.
    }
}
