namespace ModelScale.Profiles.Hardware;

/// <summary>
/// A hardware setting the user gave (--vram, MODELSCALE_VRAM, MODELSCALE_RAM) cannot be used.
/// <see cref="Exception.Message"/> is one sentence meant for the user.
/// </summary>
public sealed class HardwareException : Exception
{
    public HardwareException()
    {
    }

    public HardwareException(string message)
        : base(message)
    {
    }

    public HardwareException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
