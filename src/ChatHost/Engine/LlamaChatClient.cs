using System.Runtime.CompilerServices;
using LLama.Native;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.ChatHost.Engine.Decoding.Grammar;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// A loaded model as a Microsoft.Extensions.AI <see cref="IChatClient"/>: renders the history with the model's
/// template, leaves out the oldest turns when the context is full (the system prompt always stays), streams the
/// answer, and reports usage, finish reason and timings on the last update.
/// </summary>
public sealed class LlamaChatClient(LoadedModel model) : IChatClient
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
        var tools = ToolRequest.From(options);
        var settings = ToSettings(options, tools);
        var (prompt, trimmed) = RawPrompt.IsAsked(options) ? (RawPrompt.Tokens(model, messages, options), 0) : FitToContext(messages.ToList(), tools, settings.MaxTokens, cancellationToken);
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

        // The model's decode loop answers concurrent requests together when it has several slots, else one at a time.
        // With tools offered, each piece goes through the family's parser: calls come out as FunctionCallContent, never as text.
        var calls = tools is null ? null : new ToolCallCollector(model.Renderer.Tools.CreateParser(), tools.Parallel);
        List<TokenLogprob>? held = null;
        await foreach (var piece in AnswerStream.GenerateAsync(model, prompt, settings, trimmed, cancellationToken))
        {
            if (piece.Stats is not { } stats)
            {
                if (calls is null)
                {
                    yield return ChatLogprobs.Attach(new ChatResponseUpdate(ChatRole.Assistant, piece.Text) { ModelId = model.Id, ResponseId = responseId }, piece.Logprobs);
                }
                else if (calls.Feed(piece.Text) is { } parsed)
                {
                    // The parser holds text back while it may be a call: its tokens' logprobs ride on the next text it lets through.
                    yield return ChatLogprobs.Attach(new ChatResponseUpdate(ChatRole.Assistant, parsed) { ModelId = model.Id, ResponseId = responseId }, ChatLogprobs.Release(ref held, piece.Logprobs));
                }
                else
                {
                    ChatLogprobs.Hold(ref held, piece.Logprobs);
                }

                continue;
            }

            if (calls?.Finish() is { } rest)
            {
                yield return ChatLogprobs.Attach(new ChatResponseUpdate(ChatRole.Assistant, rest) { ModelId = model.Id, ResponseId = responseId }, ChatLogprobs.Release(ref held, null));
            }

            if (calls is { Count: > 0 } && stats.FinishReason == FinishReasons.Stop)
            {
                stats = stats with { FinishReason = FinishReasons.ToolCalls };
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
                    FinishReasons.ToolCalls => ChatFinishReason.ToolCalls,
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
        AnswerStream.GenerateAsync(model, prompt, settings, trimmedMessages: 0, cancellationToken);

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

    private GenerationSettings ToSettings(ChatOptions? options, ToolRequest? tools)
    {
        var stops = new List<string>(RawPrompt.IsAsked(options) ? [] : model.Renderer.StopSequences);
        if (options?.StopSequences is { } extra)
        {
            stops.AddRange(extra.Where(s => !string.IsNullOrEmpty(s)));
        }

        var sampling = ChatOptionsSampling.From(options, model.Weights.Vocab.Count);
        if (tools is { Required: true })
        {
            // tool_choice required or a named function: the answer is a call, whatever the response format says.
            sampling = sampling with { Grammar = model.Renderer.Tools.Grammar(tools) };
        }

        if (sampling.Grammar is { } grammar && !GrammarCheck.Parses(model.Weights.NativeHandle, grammar))
        {
            throw new UnsupportedSchemaException(
                "$ref",
                string.Empty,
                "llama.cpp refused the grammar built from it; a schema that refers to itself before any text (an anyOf whose first branch is its own $ref) cannot be generated.");
        }

        return new GenerationSettings
        {
            Sampling = sampling,
            MaxTokens = options?.MaxOutputTokens,
            StopSequences = stops,
            Logprobs = ChatLogprobs.Requested(options),
        };
    }

    /// <summary>
    /// Fits the history to the context in one pass, newest first: each message is counted once (its own tokens plus the
    /// template's share per message, measured on the messages that always stay), and counting stops at the first
    /// exchange that no longer fits, so what is dropped is never rendered or tokenized. The oldest exchanges after the
    /// system prompt go, a whole user turn with its replies at a time; the latest message always stays (with the assistant
    /// turn whose calls it answers, when it is a tool round's results, so that a result never loses its call). The prompt
    /// kept is rendered once to check, and only when the estimate fell short is one more exchange dropped. A cancelled
    /// request stops here too, so a client that leaves frees the model at once.
    /// </summary>
    private (LLamaToken[] Prompt, int Trimmed) FitToContext(List<ChatMessage> messages, ToolRequest? tools, int? maxTokens, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            throw new ArgumentException("There are no messages to answer.", nameof(messages));
        }

        var contextLength = model.SequenceContext;
        var reserve = Math.Min(maxTokens ?? contextLength / 4, contextLength / 2);
        var firstRemovable = messages.FindIndex(m => m.Role != ChatRole.System);
        var trimmed = 0;
        var tail = TailStart(messages);
        if (CanTrim(firstRemovable, tail))
        {
            // What always stays (the system prompt and the latest message), rendered: its cost, and the template's share per message.
            List<ChatMessage> kept = [.. messages.Take(firstRemovable), .. messages.Skip(tail)];
            var keptTokens = Render(kept, tools).Tokens.Length;
            var keptContent = kept.Sum(m => Count(m.Text));
            var share = Math.Max(0, (keptTokens - keptContent + kept.Count - 1) / kept.Count);

            // Newest first: the earliest exchange start whose exchanges all fit.
            long used = keptTokens;
            var keepFrom = tail;
            for (var i = tail - 1; i >= firstRemovable; i--)
            {
                cancellationToken.ThrowIfCancellationRequested();
                used += Count(messages[i].Text) + share;
                if (used + reserve > contextLength)
                {
                    break;
                }

                if (i == firstRemovable || messages[i].Role == ChatRole.User)
                {
                    keepFrom = i;
                }
            }

            trimmed = keepFrom - firstRemovable;
            messages.RemoveRange(firstRemovable, trimmed);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (text, tokens) = Render(messages, tools);
            tail = TailStart(messages);
            var canTrim = CanTrim(firstRemovable, tail);
            if (tokens.Length + reserve <= contextLength || (!canTrim && tokens.Length < contextLength))
            {
                model.LastPrompt = text;
                return (tokens, trimmed);
            }

            if (!canTrim)
            {
                throw new ContextLengthExceededException(tokens.Length, contextLength);
            }

            var end = ExchangeEnd(messages, firstRemovable, tail);
            trimmed += end - firstRemovable;
            messages.RemoveRange(firstRemovable, end - firstRemovable);
        }
    }

    /// <summary>The tokens of one message's text alone.</summary>
    private int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : model.Tokenize(text).Length;

    private (string Text, LLamaToken[] Tokens) Render(List<ChatMessage> messages, ToolRequest? tools)
    {
        var text = model.Renderer.Render(messages, tools);
        return (text, model.Tokenize(text));
    }

    private static bool CanTrim(int firstRemovable, int tail) => firstRemovable >= 0 && firstRemovable < tail;

    /// <summary>Where the messages that always stay begin: the latest one, or the latest tool round (the call and its results).</summary>
    private static int TailStart(List<ChatMessage> messages)
    {
        var start = messages.Count - 1;
        if (messages[start].Role != ChatRole.Tool)
        {
            return start;
        }

        while (start > 0 && messages[start - 1].Role == ChatRole.Tool)
        {
            start--;
        }

        return start > 0 && messages[start - 1].Contents.Any(c => c is FunctionCallContent) ? start - 1 : start;
    }

    /// <summary>The end (exclusive) of the exchange at <paramref name="start"/>: the message and its replies up to the next user turn.</summary>
    private static int ExchangeEnd(List<ChatMessage> messages, int start, int tail)
    {
        var end = start + 1;
        while (end < tail && messages[end].Role != ChatRole.User)
        {
            end++;
        }

        return end;
    }
}
