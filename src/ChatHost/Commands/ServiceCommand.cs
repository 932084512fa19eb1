using System.CommandLine;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Service;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Commands;

/// <summary>`modelscale service install|uninstall|status`: run `serve` under systemd or the Windows service manager.</summary>
internal static class ServiceCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("service", "Install, remove or show the background service (systemd on Linux, the service manager on Windows).");
        command.Subcommands.Add(Install(common));
        command.Subcommands.Add(Simple(common, "uninstall", "Stop the service and remove it.", async (installer, system, token) =>
        {
            await installer.UninstallAsync(system, token);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(Simple(common, "status", "Show whether the service is installed and running.", async (installer, system, token) => await installer.StatusAsync(system, token) ? ExitCodes.Ok : ExitCodes.UserError));
        return command;
    }

    private static Option<bool> SystemOption() => new("--system") { Description = "A system unit (/etc/systemd/system, needs root) instead of a user unit." };

    private static Command Install(CommonOptions common)
    {
        var system = SystemOption();
        var urls = new Option<string>("--urls") { Description = "Addresses the service listens on.", DefaultValueFactory = _ => ServeOptions.DefaultUrl };
        var apiKey = new Option<string?>("--api-key") { Description = "The key clients must send (needed for a non-loopback address); kept readable by the owner only." };
        var runAs = new Option<string?>("--run-as") { Description = "With --system: the account the service runs as (default root)." };
        var noStart = new Option<bool>("--no-start") { Description = "Write the unit (or register the service) without starting it." };
        var allowSourceTree = new Option<bool>("--allow-source-tree")
        {
            Description = "Install even when this modelscale is a build in a source tree's bin/Debug or bin/Release (the next build changes it).",
        };
        var command = new Command("install", "Register `modelscale serve` as a service and start it.") { system, urls, apiKey, runAs, noStart, allowSourceTree };
        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Read(result);
            return CommandRunner.RunAsync(settings.Verbose, async () =>
            {
                var serveArguments = new List<string> { "--urls", result.GetValue(urls)! };
                var env = SystemPlatformEnvironment.Instance;
                if (CatalogPaths.FromUser(env, settings.Catalog) is { } catalog)
                {
                    if (!File.Exists(catalog))
                    {
                        throw new ServeException($"The catalog {catalog} does not exist; the service would fail at its first start, so nothing was installed.");
                    }

                    serveArguments.AddRange(["--catalog", catalog]);
                }

                var runAsUser = result.GetValue(runAs);
                if (CatalogPaths.FromUser(env, settings.ModelsDirectory) is { } models)
                {
                    if (!Directory.Exists(models))
                    {
                        throw new ServeException($"The models folder {models} does not exist; create it (or pull a model into it) first, so nothing was installed.");
                    }

                    serveArguments.AddRange(["--models-dir", models]);
                }
                else if (result.GetValue(system) && runAsUser is not null && !env.IsWindows)
                {
                    // The service account's own data folder, written out: the unit must not depend on what HOME holds at start.
                    serveArguments.AddRange(["--models-dir", AccountModelsFolder(runAsUser)]);
                }

                var (_, error) = BindAddresses.Check(result.GetValue(urls)!, result.GetValue(apiKey) is not null);
                if (error is not null)
                {
                    throw new ServeException(error);
                }

                await Installer().InstallAsync(
                    new ServiceInstallRequest(
                        result.GetValue(system), serveArguments, result.GetValue(apiKey), runAsUser, !result.GetValue(noStart), result.GetValue(allowSourceTree)),
                    cancellationToken);
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    /// <summary>~USER/.local/share/modelscale/models, from the account's home folder in /etc/passwd.</summary>
    internal static string AccountModelsFolder(string user, string passwdPath = "/etc/passwd")
    {
        var home = File.Exists(passwdPath)
            ? File.ReadLines(passwdPath).Select(l => l.Split(':')).FirstOrDefault(f => f.Length >= 6 && f[0] == user)?[5]
            : null;
        if (string.IsNullOrWhiteSpace(home))
        {
            throw new ServeException($"There is no account '{user}' in {passwdPath}, so its models folder is not known; create the account, or name the folder with --models-dir.");
        }

        return Path.Combine(home, ".local", "share", "modelscale", "models");
    }

    private static Command Simple(CommonOptions common, string name, string description, Func<ServiceInstaller, bool, CancellationToken, Task<int>> action)
    {
        var system = SystemOption();
        var command = new Command(name, description) { system };
        command.SetAction((result, cancellationToken) =>
            CommandRunner.RunAsync(common.Read(result).Verbose, () => action(Installer(), result.GetValue(system), cancellationToken)));
        return command;
    }

    private static ServiceInstaller Installer() =>
        new(SystemPlatformEnvironment.Instance, ServiceExecutable.Current(), ServiceInstaller.RunProcessAsync, Terminal.StandardConsoles.Out().Profile.Out.Writer);
}
