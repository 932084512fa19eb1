using System.Globalization;

namespace ModelScale.ChatHost.Commands;

/// <summary>Durations as Ollama's keep_alive writes them: 30s, 5m, 1h, 1h30m, a bare number of seconds, or never.</summary>
internal static class DurationText
{
    /// <summary>Reads <paramref name="text"/>; "never" gives null (no limit).</summary>
    public static bool TryParse(string? text, out TimeSpan? duration)
    {
        duration = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim().ToLowerInvariant();
        if (text is "never" or "-1")
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var total = TimeSpan.Zero;
        var number = 0L;
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                number = checked((number * 10) + (c - '0'));
                digits++;
                continue;
            }

            if (digits == 0)
            {
                return false;
            }

            total += c switch
            {
                'h' => TimeSpan.FromHours(number),
                'm' => TimeSpan.FromMinutes(number),
                's' => TimeSpan.FromSeconds(number),
                _ => TimeSpan.MinValue,
            };
            if (total < TimeSpan.Zero)
            {
                return false;
            }

            number = 0;
            digits = 0;
        }

        if (digits != 0)
        {
            return false;
        }

        duration = total;
        return true;
    }
}
