using System.Runtime.CompilerServices;
using LLama.Native;
using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// A loaded model as a Microsoft.Extensions.AI <see cref="IChatClient"/>: renders the history with the model's
/// template, leaves out the oldest turns when the context is full (the system prompt always stays), streams the
/// answer, and reports usage, finish reason and timings on the last update.
/// </summary>
public sealed class LlamaChatClient(LoadedModel model, TokenGenerator generator) : IChatClient
{
    public LoadedModel Model => model;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        StreamedAnswer.CollectAsync(GetStreamingResponseAsync(messages, options, cancellationToken), cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var settings = ToSettings(options);
        var (prompt, trimmed) = FitToContext(messages.ToList(), settings.MaxTokens);
        var responseId = Guid.NewGuid().ToString("N");
        if (trimmed > 0)
        {
            // Said before the first token, so that a stopped answer still says what its prompt left out.
            yield return new ChatResponseUpdate(ChatRole.Assistant, (string?)null)
            {
                ModelId = model.Id,
                ResponseId = responseId,
                AdditionalProperties = new() { [PromptTrim.PropertyKey] = new PromptTrim(trimmed, prompt.Length, model.SequenceContext) },
            };
        }

        // A model loaded for several sequences answers concurrent requests together; otherwise one at a time.
        var pieces = model.Batched is null
            ? generator.GenerateAsync(model, prompt, settings, trimmed, cancellationToken)
            : BatchedGenerator.GenerateAsync(model, prompt, settings, trimmed, cancellationToken);
        await foreach (var piece in pieces)
        {
            if (piece.Stats is not { } stats)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece.Text) { ModelId = model.Id, ResponseId = responseId };
                continue;
            }

            var last = new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails
            {
                InputTokenCount = stats.PromptTokens,
                OutputTokenCount = stats.CompletionTokens,
                TotalTokenCount = stats.PromptTokens + stats.CompletionTokens,
            })])
            {
                ModelId = model.Id,
                ResponseId = responseId,
                FinishReason = stats.FinishReason switch
                {
                    FinishReasons.Stop => ChatFinishReason.Stop,
                    FinishReasons.Length => ChatFinishReason.Length,
                    _ => new ChatFinishReason(stats.FinishReason),
                },
                AdditionalProperties = new() { [AnswerStats.PropertyKey] = stats },
            };
            yield return last;
        }
    }

    /// <summary>
    /// Generates from a prompt that is already tokens, through the same decode loop as a chat answer (KV prefix reuse
    /// included) but without a template: benchmarks use it to evaluate an exact number of prompt tokens.
    /// </summary>
    public IAsyncEnumerable<GeneratedPiece> GenerateAsync(IReadOnlyList<LLamaToken> prompt, GenerationSettings settings, CancellationToken cancellationToken = default) =>
        generator.GenerateAsync(model, prompt, settings, trimmedMessages: 0, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return new ChatClientMetadata("modelscale-llamasharp", defaultModelId: model.Id);
        }

        return serviceType.IsInstanceOfType(this) ? this : serviceType.IsInstanceOfType(model) ? model : null;
    }

    public void Dispose()
    {
        // The engine owns the model; a client is only a view of it.
    }

    private GenerationSettings ToSettings(ChatOptions? options)
    {
        var stops = new List<string>(model.Renderer.StopSequences);
        if (options?.StopSequences is { } extra)
        {
            stops.AddRange(extra.Where(s => !string.IsNullOrEmpty(s)));
        }

        return new GenerationSettings
        {
            Temperature = options?.Temperature ?? 0f,
            Seed = options?.Seed is { } seed ? unchecked((uint)seed) : 42u,
            MaxTokens = options?.MaxOutputTokens,
            StopSequences = stops,
        };
    }

    /// <summary>
    /// Renders the prompt; while it leaves too little room to answer, drops the oldest exchange after the system
    /// prompt. The latest user message is never dropped.
    /// </summary>
    private (LLamaToken[] Prompt, int Trimmed) FitToContext(List<ChatMessage> messages, int? maxTokens)
    {
        if (messages.Count == 0)
        {
            throw new ArgumentException("There are no messages to answer.", nameof(messages));
        }

        var contextLength = model.SequenceContext;
        var reserve = Math.Min(maxTokens ?? contextLength / 4, contextLength / 2);
        var trimmed = 0;
        while (true)
        {
            var text = model.Renderer.Render(messages);
            var tokens = model.Tokenize(text);
            var firstRemovable = messages.FindIndex(m => m.Role != ChatRole.System);
            var canTrim = firstRemovable >= 0 && firstRemovable < messages.Count - 1;
            if (tokens.Length + reserve <= contextLength || (!canTrim && tokens.Length < contextLength))
            {
                model.LastPrompt = text;
                return (tokens, trimmed);
            }

            if (!canTrim)
            {
                throw new ContextLengthExceededException(tokens.Length, contextLength);
            }

            // Drop a whole exchange: the oldest message and the replies that follow it up to the next user turn.
            var end = firstRemovable + 1;
            while (end < messages.Count - 1 && messages[end].Role != ChatRole.User)
            {
                end++;
            }

            trimmed += end - firstRemovable;
            messages.RemoveRange(firstRemovable, end - firstRemovable);
        }
    }
}
