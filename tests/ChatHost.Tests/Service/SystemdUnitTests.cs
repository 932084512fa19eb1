using ModelScale.ChatHost.Service;

namespace ModelScale.ChatHost.Tests.Service;

public sealed class SystemdUnitTests
{
    private static readonly ServiceExecutable ThroughDotnet = ServiceExecutable.From("/usr/share/dotnet/dotnet", "/opt/modelscale/");

    [Fact]
    public void UserUnit_IsTypeNotifyWithAnAbsoluteExecStartAndRestartOnFailure()
    {
        var unit = SystemdUnit.Render(new SystemdUnitRequest(ThroughDotnet, ["--urls", "http://127.0.0.1:11435"], System: false));

        Assert.Equal(
            """
            [Unit]
            Description=ModelScale local chat service (OpenAI-compatible API)
            After=network.target

            [Service]
            Type=notify
            ExecStart=/usr/share/dotnet/dotnet /opt/modelscale/modelscale.dll serve --urls http://127.0.0.1:11435
            Restart=on-failure
            RestartSec=5
            TimeoutStopSec=30
            Environment=DOTNET_NOLOGO=1

            [Install]
            WantedBy=default.target

            """.ReplaceLineEndings("\n"),
            unit);
    }

    [Fact]
    public void SystemUnit_RunsAsTheAccountAndIsWantedByMultiUser_AndTheKeyIsAnEnvironmentVariable()
    {
        var unit = SystemdUnit.Render(new SystemdUnitRequest(
            ServiceExecutable.From("/opt/model scale/modelscale", "/opt/model scale"),
            ["--urls", "http://0.0.0.0:11435"],
            System: true,
            RunAs: "modelscale",
            Environment: new Dictionary<string, string> { ["MODELSCALE_API_KEY"] = "k$y%1" }));

        Assert.Contains("ExecStart=\"/opt/model scale/modelscale\" serve --urls http://0.0.0.0:11435\n", unit);
        Assert.Contains("Environment=MODELSCALE_API_KEY=k$$y%%1\n", unit);
        Assert.Contains("User=modelscale\n", unit);
        Assert.Contains("WantedBy=multi-user.target\n", unit);
        Assert.Contains("Type=notify\n", unit);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("with space", "\"with space\"")]
    [InlineData("quote\"d", "\"quote\\\"d\"")]
    [InlineData("100%", "100%%")]
    [InlineData("$HOME", "$$HOME")]
    [InlineData("", "\"\"")]
    public void Quote_KeepsEveryWordLiteral(string word, string expected) => Assert.Equal(expected, SystemdUnit.Quote(word));

    [Fact]
    public void Paths_AreTheUserAndSystemUnitFolders()
    {
        Assert.Equal("/etc/systemd/system/modelscale.service", SystemdUnit.PathFor(system: true, null, "/home/ann"));
        Assert.Equal("/home/ann/.config/systemd/user/modelscale.service", SystemdUnit.PathFor(system: false, null, "/home/ann"));
        Assert.Equal("/xdg/systemd/user/modelscale.service", SystemdUnit.PathFor(system: false, "/xdg", "/home/ann"));
    }

    [Fact]
    public void Executable_IsTheApphostOrDotnetWithTheDll()
    {
        Assert.Equal(["/usr/share/dotnet/dotnet", "/opt/modelscale/modelscale.dll"], ThroughDotnet.Command);
        Assert.Equal(["/opt/modelscale/modelscale"], ServiceExecutable.From("/opt/modelscale/modelscale", "/opt/modelscale").Command);
    }

    [Fact]
    public void WindowsService_IsCreatedWithAQuotedBinPathAndAutomaticStart()
    {
        var create = WindowsServiceCommands.Create(new ServiceExecutable([@"C:\Program Files\ModelScale\modelscale.exe"]), ["--urls", "http://127.0.0.1:11435"]);

        Assert.Equal(
            ["create", "ModelScale", "binPath=", "\"C:\\Program Files\\ModelScale\\modelscale.exe\" serve --urls http://127.0.0.1:11435", "start=", "auto", "DisplayName=", "ModelScale local chat service"],
            create);
        Assert.Equal(["delete", "ModelScale"], WindowsServiceCommands.Delete());
        Assert.Equal(["query", "ModelScale"], WindowsServiceCommands.Query());
        Assert.Equal("\"a \\\"b\\\" c\\\\\"", WindowsServiceCommands.QuoteWindows("a \"b\" c\\"));
    }

    [Theory]
    [InlineData("--urls\nExecStartPre=/bin/true")]
    [InlineData("tab\there")]
    public void AServeArgumentWithAControlCharacter_IsRefused(string argument)
    {
        var ex = Assert.Throws<ServeException>(() => SystemdUnit.Render(new SystemdUnitRequest(ThroughDotnet, [argument], System: false)));
        Assert.Contains("control character", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void AnAccountOrAVariableNameThatCannotBeWrittenLiterally_IsRefused()
    {
        Assert.Throws<ServeException>(() => SystemdUnit.Render(new SystemdUnitRequest(ThroughDotnet, [], System: true, RunAs: "root\nUser=root")));
        Assert.Throws<ServeException>(() => SystemdUnit.Render(new SystemdUnitRequest(
            ThroughDotnet, [], System: false, Environment: new Dictionary<string, string> { ["A=B\nExecStartPre"] = "x" })));
    }
}
