using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Bench;
using ModelScale.ChatHost.Commands;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Service;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Errors;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Hardware;
using ModelScale.Profiles.Store;
using ModelScale.Profiles.Synthetic;
using Spectre.Console.Testing;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>The CLI's one mapping of failures to exit codes: an expected failure is one sentence and exit code 1, a bug 70.</summary>
public sealed class ExitCodeMappingTests
{
    public static TheoryData<ErrorKind> Kinds() => [.. Enum.GetValues<ErrorKind>()];

    /// <summary>Every project exception, with the kind it must carry.</summary>
    public static TheoryData<ModelScaleException, ErrorKind> ProjectExceptions() => new()
    {
        { new CatalogException("No profile 'x'."), ErrorKind.NotFound },
        { new CatalogException("Bad catalog.", "models.json"), ErrorKind.Unusable },
        { new GgufFormatException("Not a GGUF."), ErrorKind.Unusable },
        { new HardwareException("Bad --vram."), ErrorKind.BadInput },
        { new PullException("HTTP 500."), ErrorKind.Unavailable },
        { new SyntheticModelException("Bad shape."), ErrorKind.BadInput },
        { new ConversationException("Bad file."), ErrorKind.BadInput },
        { new SessionNotFoundException("s1"), ErrorKind.NotFound },
        { new SessionBusyException("s1"), ErrorKind.Conflict },
        { new SessionDeletedException("s1"), ErrorKind.Gone },
        { new ReplayException("Cannot replay."), ErrorKind.BadInput },
        { new BenchException("Cannot bench."), ErrorKind.BadInput },
        { new ServeException("Bad --urls."), ErrorKind.BadInput },
        { new ModelBusyException("tiny", 3), ErrorKind.Busy },
        { new ModelLoadException("Does not load."), ErrorKind.Unusable },
        { new ContextLengthExceededException(5000, 2048), ErrorKind.BadInput },
        { new NativeLibraryException("No libllama."), ErrorKind.Unusable },
        { new RemoteTierException("Unreachable."), ErrorKind.Unavailable },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_IsExitCode1(ErrorKind kind) => Assert.Equal(ExitCodes.UserError, ExitCodes.For(kind));

    [Theory]
    [MemberData(nameof(ProjectExceptions))]
    public async Task EveryProjectException_HasItsKind_AndEndsAsOneSentenceWithExitCode1(ModelScaleException exception, ErrorKind kind)
    {
        Assert.Equal(kind, exception.Kind);
        var errors = new TestConsole().Width(1000);

        var code = await CommandRunner.RunAsync(errors, verbose: false, () => throw exception);

        // The session, busy-model and synthetic-model exceptions used to miss the CLI's list and end as exit code 70.
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Equal($"error: {exception.Message}", errors.Output.Trim());
    }

    [Fact]
    public async Task AModelScaleExceptionWithAKind_IsOneSentence_NoStackTraceUnlessVerbose()
    {
        var quiet = new TestConsole().Width(1000);
        var verbose = new TestConsole().Width(1000);
        var failure = new ModelScaleException(ErrorKind.Conflict, "No model is loaded yet; choose one with /profile ID.");

        var quietCode = await CommandRunner.RunAsync(quiet, verbose: false, () => throw failure);
        var verboseCode = await CommandRunner.RunAsync(verbose, verbose: true, () => throw failure);

        Assert.Equal(ExitCodes.UserError, quietCode);
        Assert.Equal(ExitCodes.UserError, verboseCode);
        Assert.Single(quiet.Lines, l => l.Length > 0);
        Assert.DoesNotContain(" at ", quiet.Output);
        Assert.Contains(nameof(ModelScaleException), verbose.Output);
    }

    [Fact]
    public async Task ABug_IsExitCode70_WithAHintAtVerbose()
    {
        var errors = new TestConsole().Width(1000);

        var code = await CommandRunner.RunAsync(errors, verbose: false, () => throw new InvalidOperationException("boom"));

        Assert.Equal(ExitCodes.Unexpected, code);
        Assert.Equal("unexpected error: boom (run with --verbose for details)", errors.Output.Trim());
    }

    [Fact]
    public async Task CtrlC_IsExitCode130()
    {
        var errors = new TestConsole();

        var code = await CommandRunner.RunAsync(errors, verbose: false, () => throw new OperationCanceledException());

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Empty(errors.Output);
    }
}
