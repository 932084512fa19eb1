using System.ComponentModel;
using System.Diagnostics;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Service;

/// <summary>What `modelscale service install` was asked for.</summary>
public sealed record ServiceInstallRequest(bool System, IReadOnlyList<string> ServeArguments, string? ApiKey = null, string? RunAs = null, bool Start = true);

/// <summary>Runs a program and returns its exit code and output (stdout and stderr together).</summary>
public delegate Task<(int Exit, string Output)> ProgramRunner(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken);

/// <summary>
/// Registers `modelscale serve` with the service manager: a systemd unit (user or system) on Linux, sc.exe on Windows.
/// </summary>
public sealed class ServiceInstaller(IPlatformEnvironment env, ServiceExecutable executable, ProgramRunner run, TextWriter output)
{
    public async Task InstallAsync(ServiceInstallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
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

        await RequireAsync("systemctl", [.. ScopeArgs(request.System), "daemon-reload"], cancellationToken);
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

        await RunQuietlyAsync("systemctl", [.. ScopeArgs(system), "disable", "--now", SystemdUnit.ServiceName], cancellationToken);
        File.Delete(path);
        await RunQuietlyAsync("systemctl", [.. ScopeArgs(system), "daemon-reload"], cancellationToken);
        await output.WriteLineAsync($"Stopped {SystemdUnit.ServiceName} and removed {path}.");
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
