using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>The fields /api/chat and /api/generate share: model, stream, format, keep_alive, options and think.</summary>
public static class OllamaTurnInput
{
    public static (OllamaTurn? Turn, OllamaFailure? Failure) From(
        string? model,
        IReadOnlyList<ChatMessage> messages,
        bool? stream,
        JsonElement? format,
        JsonElement? keepAlive,
        IReadOnlyDictionary<string, JsonElement>? options,
        JsonElement? think,
        int maxTokensLimit)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (string.IsNullOrWhiteSpace(model))
        {
            return (null, OllamaFailure.BadRequest("model is required: a name from GET /api/tags."));
        }

        if (OllamaNames.ProfileId(model) is not { Length: > 0 } profileId)
        {
            return (null, OllamaFailure.ModelNotFound(model));
        }

        if (think is { } t && t.ValueKind is not (JsonValueKind.Null or JsonValueKind.False))
        {
            return (null, OllamaFailure.BadRequest($"\"{model}\" does not support thinking: the models on this server have no separate thinking; leave 'think' out or set it to false."));
        }

        var (chatFormat, formatFailure) = OllamaFormat.From(format);
        if (formatFailure is not null)
        {
            return (null, formatFailure);
        }

        var (keep, keepFailure) = OllamaKeepAlive.From(keepAlive);
        if (keepFailure is not null)
        {
            return (null, keepFailure);
        }

        var (modelOptions, optionsFailure) = OllamaModelOptions.From(options, maxTokensLimit);
        if (optionsFailure is not null)
        {
            return (null, optionsFailure);
        }

        modelOptions!.Options.ModelId = profileId;
        modelOptions.Options.ResponseFormat = chatFormat;
        if (keep is not null)
        {
            modelOptions.Options.AdditionalProperties ??= [];
            modelOptions.Options.AdditionalProperties[ModelKeepAlive.OptionKey] = keep;
        }

        return (new OllamaTurn(model.Trim(), profileId, messages, modelOptions, stream ?? true, keep), null);
    }
}
