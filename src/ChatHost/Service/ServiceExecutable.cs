namespace ModelScale.ChatHost.Service;

/// <summary>
/// How a service manager starts this build of modelscale, as absolute paths: the apphost itself, or `dotnet` with
/// modelscale.dll when it runs through the dotnet host.
/// </summary>
public sealed record ServiceExecutable(IReadOnlyList<string> Command)
{
    public const string AssemblyFileName = "modelscale.dll";

    /// <summary>The running process's own command.</summary>
    public static ServiceExecutable Current() =>
        From(Environment.ProcessPath ?? throw new InvalidOperationException("The process path is not known."), AppContext.BaseDirectory);

    public static ServiceExecutable From(string processPath, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(processPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);
        var name = Path.GetFileNameWithoutExtension(processPath);
        return string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase)
            ? new ServiceExecutable([Path.GetFullPath(processPath), Path.GetFullPath(Path.Combine(baseDirectory, AssemblyFileName))])
            : new ServiceExecutable([Path.GetFullPath(processPath)]);
    }
}
