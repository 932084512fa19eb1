using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Hosting;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;

namespace ModelScale.ChatHost.Commands;

/// <summary>`modelscale pull ID`: downloads a profile's file into the models folder.</summary>
internal static class PullCommand
{
    public static Command Create(CommonOptions common)
    {
        var id = new Argument<string>("id") { Description = "The profile whose file to download (an id from models.json)." };
        var force = new Option<bool>("--force", "-f") { Description = "Download again even when the file is already on disk and verified." };
        var command = new Command("pull", "Download a profile's model file into the models folder, resuming a partial download and checking its sha256.")
        {
            id, force,
        };

        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Read(result);
            return CommandRunner.RunAsync(settings.Verbose, async () =>
            {
                using var host = ModelScaleHost.Build(settings, services => services.AddModelPull(PullConsoles.ForProcess()));
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using var ctrlC = CtrlC.Cancels(stop);

                var profile = host.Services.GetRequiredService<ProfileCatalog>().Get(result.GetValue(id)!);
                var puller = host.Services.GetRequiredService<ModelPuller>();
                var view = host.Services.GetRequiredService<PullView>();
                var pulled = await view.ShowAsync(profile, progress => puller.PullAsync(profile, result.GetValue(force), progress, stop.Token));
                view.Report(profile, pulled);
                return ExitCodes.Ok;
            });
        });

        return command;
    }
}
