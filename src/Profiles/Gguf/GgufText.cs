using System.Globalization;
using System.Text;

namespace ModelScale.Profiles.Gguf;

/// <summary>
/// Text taken from a file (metadata keys, tensor names, general.name) made safe to show: control characters become
/// visible escapes, so an ANSI sequence in a model's name cannot drive the terminal, and long text is cut, so an
/// error sentence stays a sentence when a key is 64 KB long.
/// </summary>
public static class GgufText
{
    /// <summary>How much of a file's string an error message quotes.</summary>
    public const int MessageLength = 80;

    /// <summary>How much of a file's string a view shows.</summary>
    public const int ViewLength = 200;

    /// <summary>The text for an error message: escaped and cut to <see cref="MessageLength"/> characters.</summary>
    public static string Quote(string text) => Printable(text, MessageLength);

    /// <summary>
    /// <paramref name="text"/> with every control character (C0, DEL, C1, and the bidirectional overrides) written as
    /// \xNN or \uNNNN, cut to <paramref name="maxLength"/> characters with the number left out said at the end.
    /// </summary>
    public static string Printable(string text, int maxLength = ViewLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        var shown = 0;
        for (; shown < text.Length && builder.Length < maxLength; shown++)
        {
            var c = text[shown];
            if (char.IsControl(c))
            {
                builder.Append(c <= 0xFF ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
            else if (IsInvisibleFormatting(c) || char.IsSurrogate(c) && !IsPairAt(text, shown))
            {
                builder.Append(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
            else if (char.IsHighSurrogate(c))
            {
                builder.Append(c).Append(text[++shown]);
            }
            else
            {
                builder.Append(c);
            }
        }

        if (shown < text.Length)
        {
            builder.Append(string.Create(CultureInfo.InvariantCulture, $"... ({text.Length - shown:N0} more characters)"));
        }

        return builder.ToString();
    }

    private static bool IsPairAt(string text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]);

    // Bidirectional embeddings, overrides and isolates reorder what follows them on screen.
    private static bool IsInvisibleFormatting(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
