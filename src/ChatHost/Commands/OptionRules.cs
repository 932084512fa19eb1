using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ModelScale.ChatHost.Commands;

/// <summary>
/// The parsers verbs share for their typed options. Each one turns a value that is not a number, out of range, NaN or not
/// an http(s) URL into one sentence naming the option (and System.CommandLine's exit code 1), instead of letting the value
/// reach the engine or a validator that would throw "Cannot parse argument" out of the process.
/// </summary>
internal static class OptionRules
{
    /// <summary>The largest context, answer or prompt in tokens an option takes: 1,048,576, above any model's training context.</summary>
    public const int MostTokens = 1 << 20;

    /// <summary>Threads per logical processor above which an option is refused: llama.cpp only slows down, and far more overflows its stack.</summary>
    public const int ThreadsPerProcessor = 4;

    /// <summary>The most threads <c>--threads</c> takes on this machine.</summary>
    public static int MostThreads => ThreadsPerProcessor * Environment.ProcessorCount;

    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>; <paramref name="unit"/> reads like " tokens".</summary>
    public static void WholeNumber(Option<int> option, int minimum, int maximum, string unit = "", string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = r => ParseWhole(r, minimum, maximum, unit, reason) is { } value ? (int)value : default;
    }

    /// <inheritdoc cref="WholeNumber(Option{int}, int, int, string, string?)"/>
    public static void WholeNumber(Option<int?> option, int minimum, int maximum, string unit = "", string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = r => ParseWhole(r, minimum, maximum, unit, reason) is { } value ? (int)value : null;
    }

    /// <summary>Generation threads: 1 to <see cref="MostThreads"/>, with the reason for the ceiling in the message.</summary>
    public static void Threads(Option<int?> option) => WholeNumber(
        option,
        1,
        MostThreads,
        reason: $"more than {ThreadsPerProcessor} threads per logical processor (this machine has {Environment.ProcessorCount}) only slow generation down");

    /// <summary>A context length: 16 to <see cref="MostTokens"/> tokens.</summary>
    public static void ContextLength(Option<int?> option) => WholeNumber(option, 16, MostTokens, " tokens");

    /// <summary>A sampling seed: 0 to 4,294,967,295, the seeds llama.cpp's sampler takes.</summary>
    public static void Seed(Option<long> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = r => ParseWhole(r, 0, uint.MaxValue, "", null) ?? default;
    }

    /// <inheritdoc cref="Seed(Option{long})"/>
    public static void Seed(Option<long?> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = r => ParseWhole(r, 0, uint.MaxValue, "", null);
    }

    /// <summary>A sampling temperature from 0 to 2, as the API takes it; NaN and infinities are refused.</summary>
    public static void Temperature(Option<float> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = r => ParseTemperature(r) ?? default;
    }

    /// <inheritdoc cref="Temperature(Option{float})"/>
    public static void Temperature(Option<float?> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = ParseTemperature;
    }

    /// <summary>An absolute http:// or https:// URL; <paramref name="example"/> shows one in the message.</summary>
    public static void HttpUrl(Option<Uri?> option, string example)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = r =>
        {
            var text = Token(r);
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                return url;
            }

            r.AddError($"{Name(r)} needs an http:// or https:// URL like {example}, not '{text}'.");
            return null;
        };
    }

    /// <summary>
    /// The value of <paramref name="option"/> for a command validator, or the type's default when the value could not be
    /// parsed: its parser has already reported the one sentence, and System.CommandLine would throw on reading it.
    /// </summary>
    public static T? ValueOrDefault<T>(CommandResult result, Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            return result.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    private static long? ParseWhole(ArgumentResult result, long minimum, long maximum, string unit, string? reason)
    {
        var text = Token(result);
        var trimmed = text.Trim();
        if (!IsWholeNumber(trimmed))
        {
            result.AddError($"{Name(result)} must be a whole number from {Number(minimum)} to {Number(maximum)}{unit}, not '{text}'.");
            return null;
        }

        if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            result.AddError($"{Name(result)} must be from {Number(minimum)} to {Number(maximum)}{unit}, not {trimmed}{(reason is null ? "" : "; " + reason)}.");
            return null;
        }

        return value;
    }

    private static bool IsWholeNumber(string text)
    {
        var body = text.StartsWith('+') || text.StartsWith('-') ? text[1..] : text;
        return body.Length > 0 && body.All(char.IsAsciiDigit);
    }

    /// <summary>A number of judge points from 0 to <paramref name="maximum"/>; NaN and infinities are refused.</summary>
    public static void Points(Option<double> option, double maximum)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = r =>
        {
            var text = Token(r);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0 && value <= maximum)
            {
                return value;
            }

            r.AddError($"{Name(r)} must be a number of points from 0 to {maximum.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");
            return default;
        };
    }

    private static float? ParseTemperature(ArgumentResult result)
    {
        var text = Token(result);
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value) && value is >= 0 and <= 2)
        {
            return value;
        }

        result.AddError($"{Name(result)} must be a number from 0 to 2, not '{text}'.");
        return null;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static string Name(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
