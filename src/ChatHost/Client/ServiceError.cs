using System.Text.Json;

namespace ModelScale.ChatHost.Client;

/// <summary>Reads the sentence out of an error a service answered with (an OpenAI-style <c>{"error":{"message":...}}</c> body).</summary>
internal static class ServiceError
{
    /// <summary>The message of an error body; null when the text is not one.</summary>
    public static string? MessageOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.GetProperty("error").GetProperty("message").GetString();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
