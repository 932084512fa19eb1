using ModelScale.ChatHost.Service;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// Writes a command the way the user can run it from where they are: `modelscale pull 1b` when modelscale is on the
/// PATH, `dotnet run --project src/ChatHost -- pull 1b` from a source tree, `dotnet ./modelscale.dll pull 1b` through
/// the dotnet host, else the program's path. The options that matter to the hint (--catalog, --models-dir) are repeated.
/// </summary>
public sealed class CommandHint
{
    private readonly string _program;
    private readonly IReadOnlyList<string> _repeated;

    public CommandHint(string program, IReadOnlyList<string>? repeatedOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(program);
        _program = program;
        _repeated = repeatedOptions ?? [];
    }

    /// <summary>How this program was started, from the process's own path, with the given options repeated.</summary>
    public static CommandHint ForProcess(string? catalog, string? modelsDirectory)
    {
        var program = ProgramText(
            Environment.ProcessPath,
            AppContext.BaseDirectory,
            Directory.GetCurrentDirectory(),
            Environment.GetEnvironmentVariable("PATH"));
        return new CommandHint(program, RepeatedOptions(catalog, modelsDirectory));
    }

    /// <summary>The options worth repeating in a hint: the catalog and models folder the user named.</summary>
    public static IReadOnlyList<string> RepeatedOptions(string? catalog, string? modelsDirectory)
    {
        var options = new List<string>();
        if (catalog is not null)
        {
            options.Add("--catalog");
            options.Add(catalog);
        }

        if (modelsDirectory is { } models)
        {
            options.Add("--models-dir");
            options.Add(models);
        }

        return options;
    }

    /// <summary>The command line for a verb and its arguments, quoted for a POSIX shell where needed.</summary>
    public string For(params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return string.Join(' ', new[] { _program }.Concat(arguments.Concat(_repeated).Select(Quote)));
    }

    /// <summary>How to start the program: its name on the PATH, `dotnet run --project DIR --`, `dotnet DLL`, or its path.</summary>
    public static string ProgramText(string? processPath, string baseDirectory, string workingDirectory, string? pathVariable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(workingDirectory);
        if (SourceTree.ProjectFolderOf(baseDirectory) is { } project)
        {
            return $"dotnet run --project {Quote(Relative(workingDirectory, project))} --";
        }

        if (processPath is null)
        {
            return "modelscale";
        }

        var name = Path.GetFileNameWithoutExtension(processPath);
        if (string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return $"dotnet {Quote(Relative(workingDirectory, Path.Combine(baseDirectory, "modelscale.dll")))}";
        }

        var full = Path.GetFullPath(processPath);
        var onPath = (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => string.Equals(Path.GetFullPath(Path.Combine(dir, Path.GetFileName(full))), full, StringComparison.Ordinal));
        return onPath ? name : Quote(Relative(workingDirectory, full));
    }

    private static string Relative(string workingDirectory, string path)
    {
        var relative = Path.GetRelativePath(workingDirectory, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return path;
        }

        return relative.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? relative : "." + Path.DirectorySeparatorChar + relative;
    }

    private static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@+~".Contains(c, StringComparison.Ordinal)))
        {
            return argument;
        }

        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
