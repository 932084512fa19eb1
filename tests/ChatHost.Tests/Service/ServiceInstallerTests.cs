using ModelScale.ChatHost.Service;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Tests.Service;

/// <summary>install / uninstall / status on Linux with a scratch config folder and a recorded systemctl (no systemd needed).</summary>
public sealed class ServiceInstallerTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"modelscale-service-{Guid.NewGuid():N}");
    private readonly List<string> _calls = [];
    private readonly StringWriter _output = new();

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private ServiceInstaller Installer(int systemctlExit = 0) => new(
        new LinuxEnvironment(_home),
        ServiceExecutable.From("/usr/bin/dotnet", "/opt/modelscale"),
        (program, arguments, _) =>
        {
            _calls.Add($"{program} {string.Join(' ', arguments)}");
            return Task.FromResult((systemctlExit, "active (running)\n"));
        },
        _output);

    private string UnitPath => Path.Combine(_home, ".config", "systemd", "user", "modelscale.service");

    [Fact]
    public async Task Install_WritesTheUserUnit_ThenReloadsAndEnablesIt()
    {
        Directory.CreateDirectory(_home);

        await Installer().InstallAsync(new ServiceInstallRequest(false, ["--urls", "http://127.0.0.1:11435"], ApiKey: "k"));

        var unit = await File.ReadAllTextAsync(UnitPath);
        Assert.Contains("ExecStart=/usr/bin/dotnet /opt/modelscale/modelscale.dll serve --urls http://127.0.0.1:11435", unit);
        Assert.Contains("Environment=MODELSCALE_API_KEY=k", unit);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(UnitPath));
        }
        Assert.Equal(["systemctl --user daemon-reload", "systemctl --user enable --now modelscale"], _calls);

        Assert.True(await Installer().StatusAsync(system: false));
        Assert.Contains("systemctl --user status modelscale --no-pager", _calls);

        await Installer().UninstallAsync(system: false);
        Assert.False(File.Exists(UnitPath));
        Assert.Contains("systemctl --user disable --now modelscale", _calls);
    }

    [Fact]
    public async Task StatusAndUninstall_WhenNotInstalled_SaySo()
    {
        Directory.CreateDirectory(_home);
        Assert.False(await Installer().StatusAsync(system: false));
        Assert.Contains("Not installed", _output.ToString());
        await Assert.ThrowsAsync<ServeException>(() => Installer().UninstallAsync(system: false));
    }

    [Fact]
    public async Task AFailingSystemctl_IsOneSentence()
    {
        Directory.CreateDirectory(_home);
        var ex = await Assert.ThrowsAsync<ServeException>(() => Installer(systemctlExit: 1).InstallAsync(new ServiceInstallRequest(false, [])));
        Assert.Contains("systemctl --user daemon-reload", ex.Message);
    }

    [Theory]
    [InlineData("k\nExecStartPre=/bin/sh -c 'touch /tmp/owned'")]
    [InlineData("k\rExecStartPre=/bin/true")]
    [InlineData("k\u0000")]
    public async Task AKeyWithAControlCharacter_IsRefusedInOneSentence_AndNoUnitIsWritten(string key)
    {
        Directory.CreateDirectory(_home);

        var ex = await Assert.ThrowsAsync<ServeException>(() => Installer().InstallAsync(new ServiceInstallRequest(false, [], ApiKey: key)));

        Assert.StartsWith("The API key holds a control character", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(UnitPath));
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task Install_FromASourceTreeBuild_IsRefused_UnlessAllowed()
    {
        var output = Path.Combine(_home, "repo", "src", "ChatHost", "bin", "Debug", "net10.0");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(_home, "repo", "src", "ChatHost", "ChatHost.csproj"), "<Project />");
        var installer = new ServiceInstaller(
            new LinuxEnvironment(_home), ServiceExecutable.From("/usr/bin/dotnet", output), (_, _, _) => Task.FromResult((0, "")), _output);

        var ex = await Assert.ThrowsAsync<ServeException>(() => installer.InstallAsync(new ServiceInstallRequest(false, [], Start: false)));
        Assert.StartsWith($"The service would start {Path.Combine(output, "modelscale.dll")}, a build inside a source tree's bin folder", ex.Message);
        Assert.EndsWith("or pass --allow-source-tree.", ex.Message);
        Assert.False(File.Exists(UnitPath));

        await installer.InstallAsync(new ServiceInstallRequest(false, [], Start: false, AllowSourceTree: true));
        Assert.True(File.Exists(UnitPath));
    }

    [Fact]
    public async Task WithoutSystemd_InstallAndUninstall_SayWhatReallyHappened()
    {
        Directory.CreateDirectory(_home);
        var noBus = new ServiceInstaller(
            new LinuxEnvironment(_home),
            ServiceExecutable.From("/usr/bin/dotnet", "/opt/modelscale"),
            (program, arguments, _) => Task.FromResult((1, "Failed to connect to bus: No medium found\n")),
            _output);

        var ex = await Assert.ThrowsAsync<ServeException>(() => noBus.InstallAsync(new ServiceInstallRequest(false, [])));
        Assert.Equal(
            $"Wrote {UnitPath}, but systemd is not reachable here (Failed to connect to bus: No medium found), so nothing was started; where systemd runs: "
            + "systemctl --user daemon-reload && systemctl --user enable --now modelscale",
            ex.Message);

        await noBus.UninstallAsync(system: false);
        Assert.False(File.Exists(UnitPath));
        Assert.DoesNotContain("Stopped", _output.ToString());
        Assert.Contains("systemd is not reachable here (Failed to connect to bus: No medium found), so nothing was stopped", _output.ToString());
    }

    [Fact]
    public void RunAs_SpellsOutTheAccountsModelsFolder_FromPasswd()
    {
        Directory.CreateDirectory(_home);
        var passwd = Path.Combine(_home, "passwd");
        File.WriteAllText(passwd, "root:x:0:0:root:/root:/bin/bash\nllm:x:998:998::/var/lib/llm:/usr/sbin/nologin\n");

        Assert.Equal("/var/lib/llm/.local/share/modelscale/models", ModelScale.ChatHost.Commands.ServiceCommand.AccountModelsFolder("llm", passwd));
        var ex = Assert.Throws<ServeException>(() => ModelScale.ChatHost.Commands.ServiceCommand.AccountModelsFolder("nobody-here", passwd));
        Assert.Contains("There is no account 'nobody-here'", ex.Message);
    }

    private sealed class LinuxEnvironment(string home) : IPlatformEnvironment
    {
        public bool IsWindows => false;

        public bool IsMacOS => false;

        public string HomeDirectory => home;

        public string? GetEnvironmentVariable(string name) => null;

        public string GetFolderPath(Environment.SpecialFolder folder) => home;
    }
}
