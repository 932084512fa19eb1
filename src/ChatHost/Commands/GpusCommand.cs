using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Hosting;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Hardware;

namespace ModelScale.ChatHost.Commands;

/// <summary>`modelscale gpus`: the GPUs a plan would use, the host's free RAM, and what each detector said.</summary>
internal static class GpusCommand
{
    public static Command Create(CommonOptions common)
    {
        var hardware = new HardwareOptions();
        var json = new Option<bool>("--json") { Description = "Print a JSON document instead of a table." };
        var command = new Command("gpus", "List the GPUs (NVML, llama.cpp or --vram) and free host RAM that plans will use.") { json };
        hardware.AddTo(command);

        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Read(result);
            return CommandRunner.RunAsync(settings.Verbose, () =>
            {
                using var host = ModelScaleHost.Build(settings, services => services
                    .AddModelScaleHardware(hardware.Read(result))
                    .AddLlamaCppGpuDetector());

                var report = new GpuReport(
                    host.Services.GetRequiredService<GpuInventory>().Scan(),
                    host.Services.GetRequiredService<HostMemory>().Read());
                var console = StandardConsoles.Out();
                if (result.GetValue(json))
                {
                    OutputJson.Write(console, OutputJson.Serialize(GpuReportJson.From(report)));
                }
                else
                {
                    GpuReportView.Render(console, report);
                }

                return Task.FromResult(ExitCodes.Ok);
            });
        });

        return command;
    }
}
