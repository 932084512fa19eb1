namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>
/// Runs the built `modelscale` executable as a script would (piped stdin, stdout and stderr captured), in a private
/// home folder so the user's own catalog, models folder and hardware overrides stay out of the test.
/// </summary>
internal sealed class ModelScaleProcess : IDisposable
{
    public ModelScaleProcess() => Directory.CreateDirectory(Home);

    public string Home { get; } = Path.Combine(Path.GetTempPath(), $"modelscale-home-{Guid.NewGuid():N}");

    /// <summary>Variables to set for the process (a null value removes one).</summary>
    public Dictionary<string, string?> Environment { get; } = [];

    public void Dispose() => Directory.Delete(Home, recursive: true);

    public async Task<(int Exit, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        using var child = ModelScaleChild.StartWithInput(Home, Environment, stdin, args);
        return await child.WaitAsync();
    }
}
