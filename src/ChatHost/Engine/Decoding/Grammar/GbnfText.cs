using System.Globalization;
using System.Text;

namespace ModelScale.ChatHost.Engine.Decoding.Grammar;

/// <summary>How text is written inside GBNF: quoted literals and rule names.</summary>
public static class GbnfText
{
    /// <summary>A GBNF literal that matches exactly <paramref name="text"/>.</summary>
    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when c < 0x20 || c == 0x7F => builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A rule name made of the letters and digits of a hint (GBNF names are [a-zA-Z0-9-]).</summary>
    public static string RuleName(string hint)
    {
        ArgumentNullException.ThrowIfNull(hint);
        var builder = new StringBuilder();
        foreach (var c in hint)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var name = builder.ToString().Trim('-');
        return name.Length == 0 ? "item" : name.Length > 40 ? name[..40].TrimEnd('-') : name;
    }
}
