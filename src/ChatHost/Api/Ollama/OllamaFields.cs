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
