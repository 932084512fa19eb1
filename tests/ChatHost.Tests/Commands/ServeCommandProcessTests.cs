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

    [Fact]
    public async Task A_data_dir_that_is_a_file_is_one_sentence_and_exit_1()
    {
        var file = Path.Combine(_process.Home, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var (exit, stdout, stderr) = await _process.RunAsync("", "serve", "--urls", "http://127.0.0.1:0", "--data-dir", file);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"error: Cannot keep sessions in {file}: it is a file, not a folder", stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task A_corrupt_session_database_is_one_sentence_and_exit_1()
    {
        var data = Path.Combine(_process.Home, "data-dir");
        Directory.CreateDirectory(data);
        await File.WriteAllBytesAsync(Path.Combine(data, "sessions.db"), [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 37))]);

        var (exit, stdout, stderr) = await _process.RunAsync("", "serve", "--urls", "http://127.0.0.1:0", "--data-dir", data);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("is not a session database this build can open", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:0", "port 0")]
    [InlineData("http://127.0.0.1:0/v1", "path, query or fragment")]
    [InlineData("https://127.0.0.1:0", "Cannot serve HTTPS")]
    [InlineData("http://loopback:0", "every address")]
    [InlineData("http://user:pw@127.0.0.1:0", "user name or password")]
    public async Task Urls_that_Kestrel_would_fail_on_or_bind_too_widely_are_one_sentence_and_exit_1(string urls, string expected)
    {
        var (exit, stdout, stderr) = await _process.RunAsync("", "serve", "--urls", urls, "--data-dir", Path.Combine(_process.Home, "data"));

        Assert.True(exit == 1, $"exit {exit}: {stderr}");
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_this_machine_does_not_have_is_one_sentence_and_exit_1()
    {
        var (exit, _, stderr) = await _process.RunAsync("", "serve", "--urls", "http://192.0.2.1:0", "--api-key", "k", "--data-dir", Path.Combine(_process.Home, "data"));

        Assert.True(exit == 1, $"exit {exit}: {stderr}");
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Cannot listen on http://192.0.2.1:0", line, StringComparison.Ordinal);
    }
}
