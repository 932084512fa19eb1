using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Loading;
using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared.Hostile;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>
/// The probe: a file is loaded once in a child process before its first load; a child that dies refuses the file
/// with its reason; verdicts are remembered by file identity (and forgotten when the file changes).
/// </summary>
public sealed class ModelProbeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelscale-probe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task APassingFile_IsProbedOnce_AndTheVerdictOutlivesTheProcess()
    {
        var model = WriteFile("good.gguf");
        var runs = 0;
        var probe = Probe(_ => { runs++; return new ProbeOutcome(ProbeEnd.Passed, null); });

        await probe.EnsureLoadableAsync(model);
        await probe.EnsureLoadableAsync(model);
        await Probe(_ => throw new InvalidOperationException("a remembered file must not be probed again")).EnsureLoadableAsync(model);

        Assert.Equal(1, runs);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "data", ModelProbeVerdicts.FileName)));
        }
    }

    [Fact]
    public async Task AFileWhoseChildDies_IsRefusedWithTheReason_AndStaysRefusedWithoutAnotherChild()
    {
        var model = WriteFile("bad.gguf");
        var probe = Probe(_ => new ProbeOutcome(ProbeEnd.Died, "llama.cpp died loading 'bad.gguf' (SIGABRT): GGML_ASSERT(x) failed"));

        var first = await Assert.ThrowsAsync<ModelLoadException>(() => probe.EnsureLoadableAsync(model));
        var again = await Assert.ThrowsAsync<ModelLoadException>(() =>
            Probe(_ => throw new InvalidOperationException("not again")).EnsureLoadableAsync(model));

        Assert.StartsWith("llama.cpp died loading 'bad.gguf' (SIGABRT): GGML_ASSERT(x) failed; this file is refused", first.Message, StringComparison.Ordinal);
        Assert.Equal(first.Message, again.Message);
    }

    [Fact]
    public async Task AChangedFile_IsProbedAgain()
    {
        var model = WriteFile("changing.gguf");
        var runs = 0;
        var probe = Probe(_ => { runs++; return new ProbeOutcome(ProbeEnd.Passed, null); });
        await probe.EnsureLoadableAsync(model);

        File.WriteAllBytes(model, [1, 2, 3, 4, 5]);
        await probe.EnsureLoadableAsync(model);

        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task AProbeThatTimesOut_LetsTheLoadGoAhead_AndIsNotRemembered()
    {
        var model = WriteFile("slow.gguf");
        var runs = 0;
        var probe = Probe(_ => { runs++; return new ProbeOutcome(ProbeEnd.TimedOut, "too slow"); });

        await probe.EnsureLoadableAsync(model);
        await probe.EnsureLoadableAsync(model);

        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task ConcurrentFirstLoads_ShareOneChild()
    {
        var model = WriteFile("busy.gguf");
        var runs = 0;
        var release = new TaskCompletionSource();
        var probe = new ModelProbe(new ModelProbeVerdicts(Path.Combine(_folder, "data")), new FakeTimeProvider(), NullLogger<ModelProbe>.Instance)
        {
            RunChild = async (_, _, _) =>
            {
                Interlocked.Increment(ref runs);
                await release.Task;
                return new ProbeOutcome(ProbeEnd.Passed, null);
            },
        };

        var loads = Enumerable.Range(0, 4).Select(_ => Task.Run(() => probe.EnsureLoadableAsync(model))).ToList();
        await Task.Delay(100);
        release.SetResult();
        await Task.WhenAll(loads);

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task TheRealChild_PassesAModelThatLoads_AndRefusesOneThatAbortsLlamaCpp()
    {
        var good = Path.Combine(_folder, "self-made.gguf");
        SelfMadeLlama.Write(good);
        var bad = Path.Combine(_folder, "groups.gguf");
        HostileGguf.Write(good, new HostileCase("groups", "expert groups on a dense model", m => m.Metadata["llama.expert_group_count"] = GgufValue.FromUInt32(2), ""), bad);
        GgufInferenceCheck.EnsureRunnable(GgufReader.Read(bad)); // the reader lets it through: this one is the probe's
        var probe = new ModelProbe(new ModelProbeVerdicts(Path.Combine(_folder, "data")), TimeProvider.System, NullLogger<ModelProbe>.Instance);

        await probe.EnsureLoadableAsync(good);
        var error = await Assert.ThrowsAsync<ModelLoadException>(() => probe.EnsureLoadableAsync(bad));

        Assert.StartsWith("llama.cpp died loading 'groups.gguf' (SIGABRT, an assertion or an uncaught C++ exception): ", error.Message, StringComparison.Ordinal);
        Assert.Contains("GGML_ASSERT(hparams.n_expert_groups == 0) failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private ModelProbe Probe(Func<string, ProbeOutcome> child) =>
        new(new ModelProbeVerdicts(Path.Combine(_folder, "data")), new FakeTimeProvider(), NullLogger<ModelProbe>.Instance)
        {
            RunChild = (path, _, _) => Task.FromResult(child(path)),
        };

    private string WriteFile(string name)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, [.. "GGUF"u8, 3, 0, 0, 0]);
        return path;
    }
}
