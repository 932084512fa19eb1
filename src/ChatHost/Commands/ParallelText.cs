using System.Globalization;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Commands;

/// <summary>The text of a --parallel option: a number of sequences, or "auto" (<see cref="EngineOptions.AutoParallel"/>).</summary>
internal static class ParallelText
{
    public const int Most = EngineOptions.MostParallel;

    /// <summary>The sequences asked for, <see cref="EngineOptions.AutoParallel"/> for "auto", or null when it is neither.</summary>
    public static int? Parse(string? text)
    {
        if (string.Equals(text?.Trim(), "auto", StringComparison.OrdinalIgnoreCase))
        {
            return EngineOptions.AutoParallel;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= Most ? value : null;
    }
}
