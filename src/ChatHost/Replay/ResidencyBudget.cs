using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// Whether a replay may keep one model resident while the next one plays: only when the memory free before either
/// was loaded holds both plans at once (host memory, and each GPU with its margin). Otherwise the first is unloaded
/// before the next loads, so memory never holds two models it cannot.
/// </summary>
public static class ResidencyBudget
{
    public static bool HoldsBoth(OffloadPlan current, OffloadPlan next)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        if (!current.Fits || !next.Fits || next.Host.FreeBytes is not { } freeRam)
        {
            return false;
        }

        // The process's own overhead is in both plans, and is paid once.
        var host = current.Host.BufferBytes + next.Host.BufferBytes + Math.Max(current.Host.OverheadBytes, next.Host.OverheadBytes);
        if (host > freeRam)
        {
            return false;
        }

        for (var i = 0; i < next.Devices.Count; i++)
        {
            var device = next.Devices[i];
            var already = i < current.Devices.Count ? current.Devices[i].TotalBytes : 0;
            if (device.Layers > 0 && already + device.TotalBytes > device.FreeBytes - next.MarginBytes)
            {
                return false;
            }
        }

        return true;
    }
}
