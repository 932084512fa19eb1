using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Ollama's keep_alive, read as Ollama reads it (api.Duration): a JSON number is seconds, a string is a Go duration
/// ("5m", "1h30m", "300ms", "-1s"; a bare number in a string is not one, except "0"), and a negative value of either
/// keeps the model loaded until it is evicted. 0 unloads the model as soon as the request is done. What a request asks
/// stays the model's keep-alive until another asks otherwise (see <see cref="ModelKeepAlive"/>). Anything else, and a
/// duration past Go's longest (about 292 years), is a 400 naming the field.
/// </summary>
public static partial class OllamaKeepAlive
{
    /// <summary>Go's longest duration, in nanoseconds (math.MaxInt64).</summary>
    private const decimal LongestNs = long.MaxValue;

    /// <summary>The longest duration string read: far more than any real one ("2562047h47m16.854775807s" is 24).</summary>
    private const int LongestText = 64;

    /// <summary>How far /api/ps puts the expiry of a model kept until evicted: Go's longest duration, as Ollama's does.</summary>
    public static TimeSpan Forever { get; } = TimeSpan.FromTicks(long.MaxValue / 100);

    /// <summary>The keep-alive asked for (null when absent), or the sentence that says why it is not one.</summary>
    public static (ModelKeepAlive? KeepAlive, OllamaFailure? Failure) From(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return (null, null);
        }

        if (element.ValueKind == JsonValueKind.Number)
        {
            if (!element.TryGetDouble(out var seconds) || !double.IsFinite(seconds))
            {
                return Fail($"'keep_alive' {element.GetRawText()} is not a number of seconds that fits; use -1 to keep the model loaded.");
            }

            if (seconds < 0)
            {
                return (ModelKeepAlive.Forever, null);
            }

            var nanoseconds = seconds * 1e9;
            return nanoseconds < (double)long.MaxValue
                ? (ModelKeepAlive.For(TimeSpan.FromTicks((long)(nanoseconds / 100))), null)
                : Fail($"'keep_alive' {element.GetRawText()} is longer than the longest duration (about 292 years); use -1 to keep the model loaded.");
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString() ?? string.Empty;
            var (parsed, why) = ParseGoDuration(text);
            if (parsed is not { } ns)
            {
                return Fail($"'keep_alive' \"{text}\" is not a duration: {why}");
            }

            return ns < 0 ? (ModelKeepAlive.Forever, null) : (ModelKeepAlive.For(TimeSpan.FromTicks(ns / 100)), null);
        }

        return Fail($"'keep_alive' must be a number of seconds or a duration string such as \"5m\" or \"1h30m\", not {element.GetRawText()}.");
    }

    /// <summary>
    /// A Go duration (time.ParseDuration) in nanoseconds: an optional sign, then one or more decimal numbers each with a
    /// unit (ns, us, µs, ms, s, m, h); "0" alone needs none. Null, with the reason, when it is not one.
    /// </summary>
    public static (long? Nanoseconds, string Why) ParseGoDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var unsigned = text.Length > 0 && text[0] is '-' or '+' ? text[1..] : text;
        if (unsigned == "0")
        {
            return (0, string.Empty);
        }

        // No real duration is this long; refusing it first keeps the match cheap whatever a client sends.
        if (text.Length > LongestText)
        {
            return (null, $"it is longer than {LongestText} characters; write it like \"5m\" or \"1h30m\".");
        }

        var match = GoDuration().Match(text);
        if (!match.Success)
        {
            var why = IsPlainNumber(unsigned)
                ? "it has no unit; write it like \"300s\", or send the number of seconds as a JSON number."
                : "write it like \"300ms\", \"30s\", \"5m\" or \"1h30m\" (units ns, us, ms, s, m, h), or send a number of seconds.";
            return (null, why);
        }

        decimal total = 0;
        var numbers = match.Groups["number"].Captures;
        var units = match.Groups["unit"].Captures;
        for (var i = 0; i < numbers.Count; i++)
        {
            var unit = units[i].Value switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1e3m,
                "ms" => 1e6m,
                "s" => 1e9m,
                "m" => 60e9m,
                _ => 3600e9m,
            };

            // Leading zeros mean nothing (Go reads "0001h" as an hour); past them, digits beyond what a decimal holds
            // cannot change a whole number of nanoseconds that fits.
            var number = numbers[i].Value.TrimStart('0');
            number = number.Length == 0 || number[0] == '.' ? "0" + number : number;
            var parsed = decimal.TryParse(number.Length > 40 ? number[..40] : number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value);
            if (!parsed || value > LongestNs / unit)
            {
                return (null, "it is longer than the longest duration (about 292 years); use -1 to keep the model loaded.");
            }

            // Go truncates each part to whole nanoseconds.
            total += decimal.Truncate(value * unit);
            if (total > LongestNs)
            {
                return (null, "it is longer than the longest duration (about 292 years); use -1 to keep the model loaded.");
            }
        }

        var ns = (long)total;
        return (text[0] == '-' ? -ns : ns, string.Empty);
    }

    /// <summary>Digits with at most one decimal point, and at least one digit: a number missing its unit, however long.</summary>
    private static bool IsPlainNumber(string text) =>
        text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || c == '.') && text.Count(c => c == '.') <= 1;

    private static (ModelKeepAlive?, OllamaFailure?) Fail(string message) => (null, OllamaFailure.BadRequest(message));

    // The number is atomic: its integer and fraction digits cannot be split two ways, so a long run of digits without
    // a unit fails in one pass instead of trying every split (quadratic: 80,000 digits took 6 s).
    [GeneratedRegex(@"^[-+]?(?:(?<number>(?>[0-9]+(?:\.[0-9]*)?)|\.[0-9]+)(?<unit>ns|us|\u00b5s|\u03bcs|ms|s|m|h))+\z", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();
}
