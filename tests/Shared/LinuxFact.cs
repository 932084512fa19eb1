namespace ModelScale.Tests.Shared;

/// <summary>A fact about Linux files (FIFOs, /dev, /proc): <see cref="MachineFactAttribute"/> with <see cref="MachineNeed.Linux"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (MachineNeeds.MissingReason(MachineNeed.Linux) is { } reason)
        {
            Skip = reason;
        }
    }
}
