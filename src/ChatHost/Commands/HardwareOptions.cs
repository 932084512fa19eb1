using System.CommandLine;
using ModelScale.Profiles.Hardware;

namespace ModelScale.ChatHost.Commands;

/// <summary>Options of the verbs that look at this machine's hardware (gpus, plan): one instance per verb.</summary>
internal sealed class HardwareOptions
{
    public Option<string?> Vram { get; } = new(GpuOverride.OptionName)
    {
        Description = $"GPU memory to plan for instead of detecting it: 24GiB, 24GiB,8GiB for two GPUs, or 0 / none for no GPU (env {GpuOverride.EnvironmentVariable}).",
        HelpName = "SIZE[,SIZE...]",
    };

    public Option<string?> Ram { get; } = new(HostMemory.OptionName)
    {
        Description = $"Free host memory to plan with instead of reading it, e.g. 16GiB (env {HostMemory.EnvironmentVariable}).",
        HelpName = "SIZE",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Vram);
        command.Options.Add(Ram);
    }

    public HardwareOverrides Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new HardwareOverrides { Vram = result.GetValue(Vram), Ram = result.GetValue(Ram) };
    }
}
