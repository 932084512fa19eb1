using System.Text.Json;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// Reads a JSON string that a request carries as a <see cref="JsonElement"/>: the parser keeps such strings as raw
/// bytes, so invalid UTF-8 or a lone surrogate (\ud800) shows only when the text is read. That is the client's mistake (a
/// 400), never the server's.
/// </summary>
public static class JsonText
{
    /// <summary>The string, or null when its bytes are not valid UTF-8 or it escapes a lone surrogate.</summary>
    public static string? Read(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException) when (element.ValueKind == JsonValueKind.String)
        {
            return null;
        }
    }

    public static ApiFailure Invalid(string param) =>
        ApiFailure.BadRequest($"'{param}' is not valid text: it holds bytes that are not UTF-8 or a lone surrogate (\\uD800-\\uDFFF without its pair).", param, "invalid_encoding");
}
