using System.Text.Json;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// What the Ollama endpoints do with request fields they do not read: each is refused by name, except the ones that
/// carry nothing for the answer. OllamaSharp writes its per-request HTTP headers into the body as "CustomHeaders"
/// (real Ollama ignores it, as Go ignores every unknown field); it is let through here.
/// </summary>
public static class OllamaFields
{
    private static readonly HashSet<string> Inert = new(StringComparer.Ordinal) { "CustomHeaders" };

    /// <summary>
    /// Whether a field the server cannot honour (images, context) asks for something: any value but null or an empty
    /// array does, so that a string or an object there is refused by name rather than dropped.
    /// </summary>
    public static bool AsksFor(JsonElement? value) =>
        value is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } given
        && !(given.ValueKind == JsonValueKind.Array && given.GetArrayLength() == 0);

    /// <summary>The first field of <paramref name="unread"/> that the server would otherwise ignore, as an error.</summary>
    public static OllamaFailure? Check(IReadOnlyDictionary<string, JsonElement>? unread, string path)
    {
        foreach (var name in unread?.Keys ?? Enumerable.Empty<string>())
        {
            if (!Inert.Contains(name))
            {
                return OllamaFailure.BadRequest($"'{name}' is not a field of {path} that this server knows.");
            }
        }

        return null;
    }
}
