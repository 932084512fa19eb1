using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ModelScale.Profiles.Gguf;

namespace ModelScale.ChatHost.Engine.Loading;

/// <summary>How a probe child ended.</summary>
public enum ProbeEnd
{
    /// <summary>It loaded the file and decoded a prompt.</summary>
    Passed,

    /// <summary>llama.cpp refused the file and the child said so (exit code 1).</summary>
    Refused,

    /// <summary>The child died: a signal (abort, floating-point error, segmentation fault) or an unexpected exit code.</summary>
    Died,

    /// <summary>The child did not finish in time; nothing is known about the file.</summary>
    TimedOut,
}

/// <summary>The end of one probe child and, unless it passed, one sentence on why.</summary>
public sealed record ProbeOutcome(ProbeEnd End, string? Reason);

/// <summary>Starts `modelscale probe FILE` as a child process and reads how it ended.</summary>
public static partial class ModelProbeProcess
{
    /// <summary>How much of the child's stderr is kept (the end of it says why it died).</summary>
    private const int KeptErrorChars = 64 * 1024;

    private const int ReasonLength = 400;

    public static async Task<ProbeOutcome> RunAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = StartInfo();
        start.ArgumentList.Add("probe");
        start.ArgumentList.Add(path);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;

        // ggml prints a backtrace through gdb when it aborts: slow, and noise in the reason.
        start.Environment["GGML_NO_BACKTRACE"] = "1";

        using var process = Process.Start(start) ?? throw new ModelLoadException("Could not start the model probe process.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = ReadTailAsync(process.StandardError);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new ProbeOutcome(ProbeEnd.TimedOut, $"the probe of '{Path.GetFileName(path)}' did not finish within {timeout.TotalSeconds:N0} s");
        }

        _ = await stdout;
        var errors = await stderr;
        var name = GgufText.Printable(Path.GetFileName(path));
        return process.ExitCode switch
        {
            0 => new ProbeOutcome(ProbeEnd.Passed, null),
            1 => new ProbeOutcome(ProbeEnd.Refused, RefusalOf(errors) ?? $"llama.cpp refused '{name}'"),
            var code => new ProbeOutcome(ProbeEnd.Died, $"llama.cpp died loading '{name}' ({Describe(code)}){NativeReason(errors)}"),
        };
    }

    /// <summary>How to start this same program: the apphost when running as `modelscale`, else `dotnet modelscale.dll`.</summary>
    private static ProcessStartInfo StartInfo()
    {
        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath).Equals("modelscale", StringComparison.OrdinalIgnoreCase))
        {
            return new ProcessStartInfo(processPath);
        }

        var assembly = typeof(ModelProbeProcess).Assembly.Location;
        var host = processPath is not null && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? processPath
            : "dotnet";
        var start = new ProcessStartInfo(host);
        start.ArgumentList.Add(assembly.Length > 0 ? assembly : Path.Combine(AppContext.BaseDirectory, "modelscale.dll"));
        return start;
    }

    private static async Task<string> ReadTailAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            kept.Append(buffer, 0, read);
            if (kept.Length > 2 * KeptErrorChars)
            {
                kept.Remove(0, kept.Length - KeptErrorChars);
            }
        }

        return kept.ToString();
    }

    /// <summary>The child's own one-sentence error ("error: ..."), as CommandRunner wrote it.</summary>
    private static string? RefusalOf(string errors)
    {
        var line = Lines(errors).LastOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal));
        return line is null ? null : GgufText.Printable(line["error:".Length..].Trim(), ReasonLength);
    }

    /// <summary>
    /// The last lines llama.cpp (or the C++ runtime) wrote before the process died that say why: ggml's abort
    /// ("file.cpp:123: GGML_ASSERT(...) failed"), an uncaught exception ("what(): ..."), or an error. Warnings are
    /// not reasons: a segmentation fault without such a line is told by its signal alone.
    /// </summary>
    private static string NativeReason(string errors)
    {
        var telling = Lines(errors).Where(l =>
            AbortLine().IsMatch(l) || l.Contains("GGML_ASSERT", StringComparison.Ordinal) || l.Contains("what()", StringComparison.Ordinal)
            || l.Contains("terminate called", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase)
            || l.Contains("failed", StringComparison.OrdinalIgnoreCase)).TakeLast(2).ToList();
        return telling.Count == 0 ? "" : ": " + GgufText.Printable(string.Join(" ", telling), ReasonLength);
    }

    [GeneratedRegex(@"\.(c|cc|cpp|h):\d+: ")]
    private static partial Regex AbortLine();

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("[New LWP", StringComparison.Ordinal)).ToList();

    private static string Describe(int exitCode) => exitCode switch
    {
        134 => "SIGABRT, an assertion or an uncaught C++ exception",
        136 => "SIGFPE, a division by zero",
        139 => "SIGSEGV, a memory access out of bounds",
        135 => "SIGBUS",
        132 => "SIGILL",
        137 => "SIGKILL, perhaps out of memory",
        > 128 and < 160 => $"signal {exitCode - 128}",
        _ => $"exit code {exitCode}",
    };
}
