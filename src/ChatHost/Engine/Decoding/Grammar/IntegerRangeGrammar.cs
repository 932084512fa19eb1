using System.Globalization;

namespace ModelScale.ChatHost.Engine.Decoding.Grammar;

/// <summary>
/// GBNF expressions for the decimal integers of a range, written the way JSON writes them (no leading zeros, "-" for
/// negatives). A missing bound is open; magnitudes stop at 16 digits (what a double holds exactly), so every output
/// is also a number a JSON reader keeps exactly.
/// </summary>
public static class IntegerRangeGrammar
{
    /// <summary>The largest magnitude written: 16 nines.</summary>
    public const long Largest = 9_999_999_999_999_999;

    /// <summary>
    /// An expression matching exactly the integers in [<paramref name="min"/>, <paramref name="max"/>] (clamped to
    /// ±<see cref="Largest"/>); null when the range holds no integer.
    /// </summary>
    public static string? Expression(long? min, long? max)
    {
        var lo = Math.Max(min ?? -Largest, -Largest);
        var hi = Math.Min(max ?? Largest, Largest);
        if (lo > hi)
        {
            return null;
        }

        var alternatives = new List<string>();
        if (lo < 0)
        {
            // Negatives: the magnitudes from -min(hi, -1) to -lo.
            var negHigh = Math.Min(hi, -1);
            alternatives.Add($"\"-\" ({NonNegative(-negHigh, -lo)})");
        }

        if (hi >= 0)
        {
            alternatives.Add(NonNegative(Math.Max(lo, 0), hi));
        }

        return alternatives.Count == 1 ? alternatives[0] : string.Join(" | ", alternatives.Select(a => $"({a})"));
    }

    /// <summary>The non-negative integers in [lo, hi], by digit count.</summary>
    private static string NonNegative(long lo, long hi)
    {
        var alternatives = new List<string>();
        var loDigits = Digits(lo);
        var hiDigits = Digits(hi);
        for (var length = loDigits; length <= hiDigits; length++)
        {
            var from = length == loDigits ? lo : Pow10(length - 1);
            var to = length == hiDigits ? hi : Pow10(length) - 1;
            alternatives.Add(SameLength(from.ToString(CultureInfo.InvariantCulture), to.ToString(CultureInfo.InvariantCulture)));
        }

        return string.Join(" | ", alternatives.Select(a => $"({a})"));
    }

    /// <summary>The digit strings from x to y, both of the same length (inner positions may start with 0).</summary>
    private static string SameLength(string x, string y)
    {
        if (x == y)
        {
            return GbnfText.Literal(x);
        }

        if (x.Length == 1)
        {
            return $"[{x}-{y}]";
        }

        if (x[0] == y[0])
        {
            return $"{GbnfText.Literal(x[..1])} ({SameLength(x[1..], y[1..])})";
        }

        var rest = x.Length - 1;
        var zeros = new string('0', rest);
        var nines = new string('9', rest);
        var alternatives = new List<string>();
        var low = x[0];
        var high = y[0];
        if (x[1..] != zeros)
        {
            alternatives.Add($"{GbnfText.Literal(x[..1])} ({SameLength(x[1..], nines)})");
            low++;
        }

        var tail = y[1..] != nines ? $"{GbnfText.Literal(y[..1])} ({SameLength(zeros, y[1..])})" : null;
        if (tail is not null)
        {
            high--;
        }

        if (low <= high)
        {
            alternatives.Add($"{(low == high ? GbnfText.Literal(low.ToString()) : $"[{low}-{high}]")} [0-9]{{{rest}}}");
        }

        if (tail is not null)
        {
            alternatives.Add(tail);
        }

        return string.Join(" | ", alternatives.Select(a => $"({a})"));
    }

    private static int Digits(long value) => value.ToString(CultureInfo.InvariantCulture).Length;

    private static long Pow10(int exponent)
    {
        var result = 1L;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
