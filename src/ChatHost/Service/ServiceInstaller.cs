using System.ComponentModel;
using System.Diagnostics;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Service;

/// <summary>What `modelscale service install` was asked for.</summary>
/// <param name="System">A system unit instead of a user unit.</param>
/// <param name="ServeArguments">Arguments after `serve`.</param>
/// <param name="ApiKey">The key clients must send, if any.</param>
/// <param name="RunAs">With a system unit, the account to run as.</param>
/// <param name="Start">Start the service once installed.</param>
/// <param name="AllowSourceTree">Install even when the executable is a build in a source tree's bin/Debug or bin/Release.</param>
public sealed record ServiceInstallRequest(
    bool System, IReadOnlyList<string> ServeArguments, string? ApiKey = null, string? RunAs = null, bool Start = true, bool AllowSourceTree = false);

/// <summary>Runs a program and returns its exit code and output (stdout and stderr together).</summary>
public delegate Task<(int Exit, string Output)> ProgramRunner(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken);

/// <summary>
/// Registers `modelscale serve` with the service manager: a systemd unit (user or system) on Linux, sc.exe on Windows.
/// </summary>
public sealed class ServiceInstaller(IPlatformEnvironment env, ServiceExecutable executable, ProgramRunner run, TextWriter output)
{
    /// <summary>The output systemctl prints when there is no systemd to talk to (a container, WSL without systemd, no user session).</summary>
    private static readonly string[] NoSystemdSigns =
    [
        "Failed to connect to bus", "System has not been booted with systemd", "not been booted with systemd", "was not found on this machine",
        "Failed to connect to user scope bus",
    ];

    public async Task InstallAsync(ServiceInstallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var program = executable.Command[^1];
        if (!request.AllowSourceTree && SourceTree.IsBuildOutput(program))
        {
            throw new ServeException(
                $"The service would start {program}, a build inside a source tree's bin folder that the next build or `git clean` changes or removes; "
                + "install the tool (`dotnet tool install --global modelscale`) or a published build and run `service install` from it, or pass --allow-source-tree.");
        }

        if (env.IsWindows)
        {
            var arguments = request.ApiKey is null ? request.ServeArguments : [.. request.ServeArguments, "--api-key", request.ApiKey];
            await RequireAsync("sc.exe", WindowsServiceCommands.Create(executable, arguments), cancellationToken);
            await RunQuietlyAsync("sc.exe", WindowsServiceCommands.Describe(), cancellationToken);
            if (request.Start)
            {
                await RequireAsync("sc.exe", ["start", WindowsServiceCommands.ServiceName], cancellationToken);
            }

            await output.WriteLineAsync($"Installed the Windows service {WindowsServiceCommands.ServiceName}{(request.Start ? " and started it" : "")}; logs go to the Event Log.");
            return;
        }

        EnsureLinux();
        var path = UnitPath(request.System);
        var unit = SystemdUnit.Render(new SystemdUnitRequest(
            executable,
            request.ServeArguments,
            request.System,
            request.RunAs,
            request.ApiKey is null ? null : new Dictionary<string, string> { ["MODELSCALE_API_KEY"] = request.ApiKey }));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, unit, cancellationToken);
        if (request.ApiKey is not null && !OperatingSystem.IsWindows())
        {
            // The key is a secret: only the owner reads the unit.
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
        await output.WriteLineAsync($"Wrote {path}.");
        if (!request.Start)
        {
            await output.WriteLineAsync($"Start it with: systemctl {Scope(request.System)}daemon-reload && systemctl {Scope(request.System)}enable --now {SystemdUnit.ServiceName}");
            return;
        }

        var (reloaded, reloadText) = await RunOrExplainAsync("systemctl", [.. ScopeArgs(request.System), "daemon-reload"], cancellationToken);
        if (reloaded != 0 && NoSystemd(reloadText))
        {
            throw new ServeException(
                $"Wrote {path}, but systemd is not reachable here ({FirstLine(reloadText)}), so nothing was started; where systemd runs: "
                + $"systemctl {Scope(request.System)}daemon-reload && systemctl {Scope(request.System)}enable --now {SystemdUnit.ServiceName}");
        }

        if (reloaded != 0)
        {
            throw new ServeException($"`systemctl {Scope(request.System)}daemon-reload` failed (exit code {reloaded}): {reloadText.Trim()}");
        }

        await RequireAsync("systemctl", [.. ScopeArgs(request.System), "enable", "--now", SystemdUnit.ServiceName], cancellationToken);
        await output.WriteLineAsync($"Enabled and started {SystemdUnit.ServiceName}; logs: journalctl {Scope(request.System)}-u {SystemdUnit.ServiceName}");
    }

    public async Task UninstallAsync(bool system, CancellationToken cancellationToken = default)
    {
        if (env.IsWindows)
        {
            await RunQuietlyAsync("sc.exe", ["stop", WindowsServiceCommands.ServiceName], cancellationToken);
            await RequireAsync("sc.exe", WindowsServiceCommands.Delete(), cancellationToken);
            await output.WriteLineAsync($"Removed the Windows service {WindowsServiceCommands.ServiceName}.");
            return;
        }

        EnsureLinux();
        var path = UnitPath(system);
        if (!File.Exists(path))
        {
            throw new ServeException($"The service is not installed: there is no {path}.");
        }

        var (disabled, disableText) = await RunOrExplainAsync("systemctl", [.. ScopeArgs(system), "disable", "--now", SystemdUnit.ServiceName], cancellationToken);
        File.Delete(path);
        if (disabled != 0 && NoSystemd(disableText))
        {
            // Say what happened, not what was meant to: with no systemd to ask, nothing was stopped.
            await output.WriteLineAsync(
                $"Removed {path}; systemd is not reachable here ({FirstLine(disableText)}), so nothing was stopped: if a modelscale service is running, stop it where systemd runs.");
            return;
        }

        await RunQuietlyAsync("systemctl", [.. ScopeArgs(system), "daemon-reload"], cancellationToken);
        await output.WriteLineAsync(disabled == 0
            ? $"Stopped {SystemdUnit.ServiceName} and removed {path}."
            : $"Removed {path}; `systemctl {Scope(system)}disable --now {SystemdUnit.ServiceName}` failed ({FirstLine(disableText)}), so check that it is stopped.");
    }

    /// <summary>Shows the service manager's view of the service; true when it is installed and the manager reports no trouble.</summary>
    public async Task<bool> StatusAsync(bool system, CancellationToken cancellationToken = default)
    {
        if (env.IsWindows)
        {
            var (exit, text) = await run("sc.exe", WindowsServiceCommands.Query(), cancellationToken);
            await output.WriteAsync(text);
            return exit == 0;
        }

        EnsureLinux();
        var path = UnitPath(system);
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"Not installed (no {path}); `modelscale service install{(system ? " --system" : "")}` installs it.");
            return false;
        }

        await output.WriteLineAsync($"Unit: {path}");
        var (code, status) = await RunOrExplainAsync("systemctl", [.. ScopeArgs(system), "status", SystemdUnit.ServiceName, "--no-pager"], cancellationToken);
        await output.WriteAsync(status);
        return code == 0;
    }

    /// <summary>Runs a program through the real process table.</summary>
    public static async Task<(int Exit, string Output)> RunProcessAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    private string UnitPath(bool system) => SystemdUnit.PathFor(system, env.GetEnvironmentVariable("XDG_CONFIG_HOME"), env.HomeDirectory);

    private void EnsureLinux()
    {
        if (env.IsMacOS)
        {
            throw new ServeException("`modelscale service` knows systemd (Linux) and the Windows service manager; on macOS run `modelscale serve` under launchd yourself.");
        }
    }

    private static bool NoSystemd(string text) => NoSystemdSigns.Any(sign => text.Contains(sign, StringComparison.OrdinalIgnoreCase));

    private static string FirstLine(string text)
    {
        var line = text.Trim().Split('\n')[0].Trim();
        return line.EndsWith('.') ? line[..^1] : line;
    }

    private static string Scope(bool system) => system ? string.Empty : "--user ";

    private static string[] ScopeArgs(bool system) => system ? [] : ["--user"];

    private async Task RequireAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (exit, text) = await RunOrExplainAsync(program, arguments, cancellationToken);
        if (exit != 0)
        {
            throw new ServeException($"`{program} {string.Join(' ', arguments)}` failed (exit code {exit}): {text.Trim()}");
        }
    }

    private async Task RunQuietlyAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        await RunOrExplainAsync(program, arguments, cancellationToken);

    private async Task<(int Exit, string Output)> RunOrExplainAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await run(program, arguments, cancellationToken);
        }
        catch (Win32Exception)
        {
            return (127, $"{program} was not found on this machine.");
        }
    }
}
