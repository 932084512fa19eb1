using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>JSON of the native API (/api/...): camelCase like the CLI's --json, strict about types, nulls written.</summary>
public static class NativeJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// The same, for reading a request body: a field the record does not have is an error (so that a misspelt field,
    /// such as "titel" for "title", is refused by name instead of reading as absent). Responses are read with
    /// <see cref="Options"/>, so that a newer server's added fields never break a client.
    /// </summary>
    public static JsonSerializerOptions Requests { get; } = new(Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
}
