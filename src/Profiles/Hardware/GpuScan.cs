namespace ModelScale.Profiles.Hardware;

/// <summary>
/// The GPUs a plan should use, and how they were found. <see cref="Devices"/> all come from one source: the override
/// when one was given, otherwise the first detector (by <see cref="GpuSource"/> order) that found any.
/// </summary>
/// <param name="Devices">The GPUs to plan for; empty means a CPU plan.</param>
/// <param name="Notes">One or more sentences per source asked (or skipped).</param>
public sealed record GpuScan(IReadOnlyList<GpuDevice> Devices, IReadOnlyList<string> Notes)
{
    /// <summary>Where <see cref="Devices"/> came from; null when there are none.</summary>
    public GpuSource? Source => Devices.Count == 0 ? null : Devices[0].Source;

    public bool HasGpu => Devices.Count > 0;

    /// <summary>
    /// Every GPU any detector found, each with its source: with NVML and llama.cpp both answering, the same GPU twice,
    /// which is how the two are checked against each other (`gpus --json`, tools/gpu-check). Empty under an override.
    /// </summary>
    public IReadOnlyList<GpuDevice> Detected { get; init; } = [];

    public long TotalBytes => Devices.Sum(d => d.TotalBytes);

    public long FreeBytes => Devices.Sum(d => d.FreeBytes);
}
