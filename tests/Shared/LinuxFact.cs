namespace ModelScale.Tests.Shared;

/// <summary>A fact about Linux files (FIFOs, /dev, /proc): skipped, with one line saying so, on other systems.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux FIFOs, devices and /proc";
        }
    }
}
