using ModelScale.Profiles.Units;

namespace ModelScale.Profiles.Hardware;

/// <summary>
/// GPUs given by the user instead of detected: "24GiB" (one GPU), "24GiB,8GiB" (two), "0" or "none" (no GPU, a CPU
/// plan). Each becomes a device named "override N" whose free memory is its total.
/// </summary>
public static class GpuOverride
{
    /// <summary>The command-line option that gives the override.</summary>
    public const string OptionName = "--vram";

    /// <summary>The environment variable that gives the override when the option is absent.</summary>
    public const string EnvironmentVariable = "MODELSCALE_VRAM";

    /// <summary>Below this, a size is almost certainly a number written without its unit.</summary>
    internal const long SmallestDevice = ByteSize.MiB;

    private const string Hint = "write each GPU's memory like 24GiB, several like 24GiB,8GiB, or 0 for no GPU";

    /// <summary>Parses an override; <paramref name="origin"/> (the option or variable name) starts the error sentence.</summary>
    /// <exception cref="HardwareException">The text is not a size, a list of sizes, 0 or none.</exception>
    public static IReadOnlyList<GpuDevice> Parse(string? text, string origin) =>
        TryParse(text, origin, out var devices, out var error) ? devices : throw new HardwareException(error);

    /// <summary>Parses an override; false with a one-sentence reason that starts with <paramref name="origin"/>.</summary>
    public static bool TryParse(string? text, string origin, out IReadOnlyList<GpuDevice> devices, out string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        devices = [];
        error = "";
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = $"{origin} is empty; {Hint}.";
            return false;
        }

        if (trimmed.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var entries = trimmed.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new List<long>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.Length == 0)
            {
                error = $"{origin} '{trimmed}' has an empty entry; {Hint}.";
                return false;
            }

            if (entry.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                error = $"{origin} '{trimmed}' mixes 'none' with sizes; write none alone for no GPU.";
                return false;
            }

            if (!ByteSize.TryParse(entry, out var bytes, out var reason))
            {
                // ByteSize says why: "too large" is worth repeating, its "not a size" hint lacks the list and 0 forms.
                error = reason.Contains("larger than", StringComparison.Ordinal)
                    ? $"{origin}: {reason}"
                    : $"{origin}: '{entry}' is not a size; {Hint}.";
                return false;
            }

            sizes.Add(bytes);
        }

        if (sizes.Count == 1 && sizes[0] == 0)
        {
            return true;
        }

        for (var i = 0; i < sizes.Count; i++)
        {
            if (sizes[i] == 0)
            {
                error = $"{origin} '{trimmed}' lists a GPU with no memory; write 0 or none alone for no GPU.";
                return false;
            }

            if (sizes[i] < SmallestDevice)
            {
                error = entries[i].All(char.IsAsciiDigit)
                    ? $"{origin}: '{entries[i]}' is only {ByteSize.Format(sizes[i])}, too small for a GPU; give the unit, like {entries[i]}GiB or {entries[i]}MiB."
                    : $"{origin}: '{entries[i]}' is only {ByteSize.Format(sizes[i])}, too small for a GPU; {Hint}.";
                return false;
            }
        }

        devices = sizes.Select((size, i) => new GpuDevice(i, $"override {i}", size, size, GpuSource.Override)).ToList();
        return true;
    }
}
