using System.Diagnostics;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>
/// Runs the built `modelscale` executable as a script would (piped stdin, stdout and stderr captured), in a private
/// home folder so the user's own catalog, models folder and hardware overrides stay out of the test.
/// </summary>
internal sealed class ModelScaleProcess : IDisposable
{
    private static readonly string[] InheritedVariables =
    [
        "MODELSCALE_MODELS_DIR", "MODELSCALE_CATALOG", "MODELSCALE_VRAM", "MODELSCALE_RAM",
    ];

    public ModelScaleProcess() => Directory.CreateDirectory(Home);

    public string Home { get; } = Path.Combine(Path.GetTempPath(), $"modelscale-home-{Guid.NewGuid():N}");

    /// <summary>Variables to set for the process (a null value removes one).</summary>
    public Dictionary<string, string?> Environment { get; } = [];

    public void Dispose() => Directory.Delete(Home, recursive: true);

    public async Task<(int Exit, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Home,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "modelscale.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(Home, "config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(Home, "data");
        foreach (var name in InheritedVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
