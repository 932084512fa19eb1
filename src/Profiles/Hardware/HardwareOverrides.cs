namespace ModelScale.Profiles.Hardware;

/// <summary>Hardware facts given on the command line instead of detected.</summary>
public sealed record HardwareOverrides
{
    /// <summary>The --vram text ("24GiB", "24GiB,8GiB", "0", "none"); beats MODELSCALE_VRAM. Null when not given.</summary>
    public string? Vram { get; init; }

    /// <summary>The --ram text ("16GiB"): free host memory to plan with; beats MODELSCALE_RAM. Null when not given.</summary>
    public string? Ram { get; init; }
}
