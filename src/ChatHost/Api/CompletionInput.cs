using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// A legacy completion request checked and turned into what the engine takes: one raw prompt per choice, and the
/// options of a chat answer (the sampling fields, seed, stop and max_tokens are checked exactly as chat completions
/// checks them) with the raw-prompt flag and the logprobs asked for.
/// </summary>
public sealed record CompletionInput(
    string Model,
    IReadOnlyList<string> Prompts,
    ChatOptions Options,
    bool Stream,
    bool IncludeUsage,
    bool Echo,
    int? Logprobs,
    long Seed,
    IReadOnlyList<string> LocalOnly)
{
    /// <summary>The most prompts one request may hold.</summary>
    public const int MostPrompts = 16;

    /// <summary>max_tokens when the request names none (OpenAI's default for completions).</summary>
    public const int DefaultMaxTokens = 16;

    /// <summary>Checks every field; <paramref name="maxTokensLimit"/> caps max_tokens.</summary>
    public static (CompletionInput? Input, ApiFailure? Failure) From(CompletionRequest request, int maxTokensLimit)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Unsupported(request.Unread) is { } unsupported)
        {
            return (null, unsupported);
        }

        var (prompts, promptFailure) = ReadPrompts(request.Prompt);
        if (promptFailure is not null)
        {
            return (null, promptFailure);
        }

        if (request.Logprobs is < 0 or > ChatLogprobs.MostAlternatives)
        {
            return (null, ApiFailure.BadRequest($"'logprobs' must be an integer between 0 and {ChatLogprobs.MostAlternatives}; it is {request.Logprobs}.", "logprobs"));
        }

        if (request.Echo == true && request.Logprobs is not null)
        {
            return (null, ApiFailure.BadRequest(
                "'echo' with 'logprobs' is not supported: the log probabilities of the prompt's own tokens are not computed. Leave one of them out.", "echo", "unsupported_parameter"));
        }

        // The fields chat completions shares are checked by its own rules, on the same names.
        var chat = new ChatCompletionRequest
        {
            Model = request.Model,
            Messages = [new ChatCompletionRequestMessage { Role = "user", Content = JsonSerializer.SerializeToElement("prompt") }],
            Temperature = request.Temperature,
            Seed = request.Seed,
            MaxTokens = request.MaxTokens ?? Math.Min(DefaultMaxTokens, maxTokensLimit),
            Stop = request.Stop,
            N = request.N,
            TopP = request.TopP,
            TopK = request.TopK,
            MinP = request.MinP,
            FrequencyPenalty = request.FrequencyPenalty,
            PresencePenalty = request.PresencePenalty,
            RepeatPenalty = request.RepeatPenalty,
            LogitBias = request.LogitBias,
        };
        var (input, failure) = ChatCompletionInput.From(chat, maxTokensLimit);
        if (input is null)
        {
            return (null, failure);
        }

        var options = input.Options;
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[RawPrompt.OptionKey] = true;
        var localOnly = new List<string>(input.LocalOnly ?? []);
        if (request.Logprobs is { } alternatives)
        {
            options.AdditionalProperties[ChatLogprobs.OptionKey] = alternatives;
            localOnly.Add("logprobs");
        }

        return (new CompletionInput(input.Model, prompts!, options, request.Stream == true, request.StreamOptions?.IncludeUsage == true, request.Echo == true, request.Logprobs, input.Seed, localOnly), null);
    }

    private static ApiFailure? Unsupported(Dictionary<string, JsonElement>? unread)
    {
        foreach (var (name, value) in unread ?? [])
        {
            if (name == "user" || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            switch (name)
            {
                case "suffix":
                    return ApiFailure.BadRequest("'suffix' (insertion) is not supported: the models here complete a prompt, they do not fill in the middle.", name, "unsupported_parameter");
                case "best_of" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var best) && best == 1:
                    continue;
                case "best_of":
                    return ApiFailure.BadRequest("'best_of' is not supported: only one completion is generated per prompt; leave it out or set it to 1.", name, "unsupported_parameter");
                default:
                    return ApiFailure.BadRequest($"Unrecognized request argument supplied: {name}", name, "unsupported_parameter");
            }
        }

        return null;
    }

    private static (IReadOnlyList<string>? Prompts, ApiFailure? Failure) ReadPrompts(JsonElement? prompt)
    {
        if (prompt is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return Fail("'prompt' is required: a string or an array of strings.");
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return JsonText.Read(value) is { Length: > 0 } one ? ([one], null) : Fail("'prompt' must be a non-empty string.");
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            return Fail("'prompt' must be a string or a non-empty array of strings.");
        }

        if (value.GetArrayLength() > MostPrompts)
        {
            return Fail($"'prompt' holds {value.GetArrayLength()} prompts; this server takes at most {MostPrompts} in one request.");
        }

        var prompts = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind is JsonValueKind.Number or JsonValueKind.Array)
            {
                return (null, ApiFailure.BadRequest(
                    "'prompt' as token ids is not supported (token ids differ from model to model); send text.", "prompt", "unsupported_parameter"));
            }

            if (item.ValueKind != JsonValueKind.String || JsonText.Read(item) is not { Length: > 0 } text)
            {
                return Fail($"'prompt[{prompts.Count}]' must be a non-empty string.");
            }

            prompts.Add(text);
        }

        return (prompts, null);
    }

    private static (IReadOnlyList<string>? Prompts, ApiFailure? Failure) Fail(string message) => (null, ApiFailure.BadRequest(message, "prompt"));
}
