using System.Globalization;

namespace ModelScale.Profiles.Units;

/// <summary>Parameter counts as model cards write them: "1.24 B", "292.8 K".</summary>
public static class ParameterCount
{
    /// <summary>Billions with two decimals, millions and thousands with one, smaller counts as they are.</summary>
    public static string Format(long count) => count switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{count / 1e9:0.00} B"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{count / 1e6:0.0} M"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{count / 1e3:0.0} K"),
        _ => count.ToString(CultureInfo.InvariantCulture),
    };
}
