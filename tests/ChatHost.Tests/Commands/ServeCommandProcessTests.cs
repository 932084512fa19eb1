using System.Net;
using System.Net.Sockets;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>`modelscale serve` refusing to start: one sentence on stderr and exit code 1.</summary>
public sealed class ServeCommandProcessTests : IDisposable
{
    private readonly ModelScaleProcess _process = new();

    public void Dispose() => _process.Dispose();

    [Fact]
    public async Task APortAlreadyInUse_IsOneSentenceAndExit1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, stdout, stderr) = await _process.RunAsync("", "serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", Path.Combine(_process.Home, "data"));

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var error = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{port}", error);
        Assert.Contains("already in use", error);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task ANonLoopbackAddressWithoutAKey_IsRefused()
    {
        var (exit, _, stderr) = await _process.RunAsync("", "serve", "--urls", "http://0.0.0.0:0");

        Assert.Equal(1, exit);
        Assert.StartsWith("error: Refusing to listen on http://0.0.0.0:0 without --api-key", stderr.Trim());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("many")]
    public async Task AParallelThatIsNeitherACountNorAuto_IsRefused(string parallel)
    {
        var (exit, _, stderr) = await _process.RunAsync("", "serve", "--parallel", parallel);

        Assert.Equal(1, exit);
        Assert.Contains($"--parallel: '{parallel}' is not a number of sequences from 1 to 64, or auto.", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
