namespace ModelScale.Profiles.Hardware;

/// <summary>NVML status codes (nvmlReturn_t) that the detector treats specially or names when NVML cannot.</summary>
internal static class NvmlStatus
{
    public const int Success = 0;
    public const int InsufficientSize = 7;
    public const int DriverNotLoaded = 9;

    /// <summary>Names for the codes a user is likely to meet, for when nvmlErrorString itself is not available.</summary>
    public static string Describe(int code) => code switch
    {
        0 => "Success",
        1 => "Uninitialized",
        2 => "Invalid Argument",
        3 => "Not Supported",
        4 => "Insufficient Permissions",
        6 => "Not Found",
        7 => "Insufficient Size",
        9 => "Driver Not Loaded",
        12 => "NVML Shared Library Not Found",
        13 => "Function Not Found",
        15 => "GPU is lost",
        17 => "Operating System call failed",
        18 => "Driver/library version mismatch",
        999 => "Unknown Error",
        _ => "NVML error",
    };
}
