using System.Globalization;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>Times as Ollama writes them: RFC 3339 with fractional seconds, in UTC.</summary>
public static class OllamaTime
{
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
