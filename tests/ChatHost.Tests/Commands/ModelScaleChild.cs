using System.Diagnostics;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>
/// Starts the built `modelscale` executable and keeps hold of it (to signal it or wait for it) the way a script would: stdin, stdout and stderr piped, in a scratch home
/// whose config and data folders keep the user's own catalog and models out of the test.
/// </summary>
internal sealed class ModelScaleChild : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    /// <summary>Variables a test machine may have set that would change what the executable does.</summary>
    private static readonly string[] InheritedVariables =
    [
        "MODELSCALE_MODELS_DIR", "MODELSCALE_CATALOG", "MODELSCALE_HF_ENDPOINT", "MODELSCALE_VRAM", "MODELSCALE_RAM", "MODELSCALE_ASSUME_YES",
    ];

    private ModelScaleChild(Process process, string stdin)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
    }

    public int Id => _process.Id;

    public static ModelScaleChild Start(string home, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        StartWithInput(home, environment?.ToDictionary(e => e.Key, e => (string?)e.Value), "", args);

    /// <summary>Starts the executable with <paramref name="stdin"/> as its whole input; a null variable value removes it.</summary>
    public static ModelScaleChild StartWithInput(string home, IReadOnlyDictionary<string, string?>? environment, string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = home,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "modelscale.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, "config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(home, "data");
        foreach (var name in InheritedVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        return new ModelScaleChild(Process.Start(start)!, stdin);
    }

    public static async Task<(int Exit, string Out, string Err)> RunAsync(string home, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(home, environment, args);
        return await process.WaitAsync();
    }

    public async Task<(int Exit, string Out, string Err)> WaitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _process.WaitForExitAsync(timeout.Token);
        return (_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
