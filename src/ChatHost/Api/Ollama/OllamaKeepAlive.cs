using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Ollama's keep_alive: a number of seconds, or a Go duration string ("5m", "1h30m", "500ms"); 0 unloads the model
/// after the answer and a negative value keeps it loaded. Here 0 is honoured (the model is unloaded once the answer is
/// done, and a request with nothing to answer unloads it at once); any other value is accepted, and the server's own
/// --keep-alive decides when an idle model goes (GET /api/ps shows when).
/// </summary>
public static partial class OllamaKeepAlive
{
    /// <summary>The duration asked for (null when absent), or the sentence that says why it is not one.</summary>
    public static (TimeSpan? KeepAlive, OllamaFailure? Failure) From(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 1e9)
        {
            return (TimeSpan.FromSeconds(seconds), null);
        }

        if (element.ValueKind == JsonValueKind.String && JsonText.Read(element) is { } text && Parse(text.Trim()) is { } parsed)
        {
            return (parsed, null);
        }

        return (null, OllamaFailure.BadRequest($"'keep_alive' must be a number of seconds or a duration such as \"5m\" or \"1h30m\", not {element.GetRawText()}."));
    }

    /// <summary>Whether the request asks for the model to be unloaded after it (keep_alive 0).</summary>
    public static bool UnloadsAfter(TimeSpan? keepAlive) => keepAlive == TimeSpan.Zero;

    private static TimeSpan? Parse(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 1e9)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var match = GoDuration().Match(text);
        if (!match.Success)
        {
            return null;
        }

        double total = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = UnitOf(part.Value);
            var number = double.Parse(part.Value[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture);
            total += number * unit switch
            {
                "ns" => 1e-9,
                "us" or "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                _ => 3600,
            };
        }

        return total < 1e9 ? TimeSpan.FromSeconds(match.Groups["sign"].Value == "-" ? -total : total) : null;
    }

    private static string UnitOf(string part)
    {
        var start = part.Length;
        while (start > 0 && !char.IsDigit(part[start - 1]) && part[start - 1] != '.')
        {
            start--;
        }

        return part[start..];
    }

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<part>(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();
}
