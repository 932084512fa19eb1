using ModelScale.Profiles.Errors;

namespace ModelScale.Profiles.Hardware;

/// <summary>
/// A hardware setting the user gave (--vram, MODELSCALE_VRAM, MODELSCALE_RAM) cannot be used.
/// <see cref="Exception.Message"/> is one sentence meant for the user.
/// </summary>
public sealed class HardwareException : ModelScaleException
{
    public HardwareException()
        : base(ErrorKind.BadInput, "The hardware setting cannot be used.")
    {
    }

    public HardwareException(string message)
        : base(ErrorKind.BadInput, message)
    {
    }

    public HardwareException(string message, Exception innerException)
        : base(ErrorKind.BadInput, message, innerException)
    {
    }
}
