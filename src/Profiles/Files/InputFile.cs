namespace ModelScale.Profiles.Files;

/// <summary>
/// The one check every reader of a user-named file (a model, a catalog, a conversation) makes before it opens the
/// file: the path must name a regular file. A FIFO would block the open forever, a device (/dev/zero) never ends,
/// a folder is not a file, and a /proc or /sys entry is text the kernel makes up while it is read.
/// </summary>
public static class InputFile
{
    /// <summary>
    /// Null when <paramref name="path"/> is a regular file, or is missing (the caller says how it looked for it);
    /// otherwise one sentence that names the path and says what it is instead of a <paramref name="what"/>.
    /// </summary>
    /// <param name="path">The path as the user gave it.</param>
    /// <param name="what">What the file should be, e.g. "GGUF model" or "catalog file".</param>
    public static string? Problem(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentException.ThrowIfNullOrEmpty(what);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return $"The {what} path '{Printable(path)}' contains a NUL character, which no file name can hold.";
        }

        if (path.Length == 0)
        {
            return $"The {what} path is empty.";
        }

        var kind = FileKinds.Of(path);
        var shown = Printable(path);
        var problem = kind switch
        {
            FileKind.Directory => $"'{shown}' is a folder, not a {what}.",
            FileKind.Fifo => $"'{shown}' is a named pipe (FIFO), not a {what}; reading it would wait for a writer forever.",
            FileKind.CharacterDevice or FileKind.BlockDevice => $"'{shown}' is a device, not a {what}.",
            FileKind.Socket => $"'{shown}' is a socket, not a {what}.",
            _ => null,
        };
        if (problem is not null || kind is not (FileKind.Regular or FileKind.Unknown))
        {
            return problem;
        }

        return IsKernelPseudoFile(path)
            ? $"'{shown}' is a file the kernel makes up as it is read (under /proc or /sys), not a {what}."
            : null;
    }

    /// <summary>Throws what <paramref name="error"/> makes of <see cref="Problem"/>'s sentence, when there is one.</summary>
    public static void Ensure(string path, string what, Func<string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Problem(path, what) is { } sentence)
        {
            throw error(sentence);
        }
    }

    private static bool IsKernelPseudoFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        string resolved;
        try
        {
            var full = Path.GetFullPath(path);
            resolved = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
            resolved = ResolveFolders(resolved);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }

        return resolved.StartsWith("/proc/", StringComparison.Ordinal) || resolved.StartsWith("/sys/", StringComparison.Ordinal);
    }

    /// <summary>The path with each folder's symbolic link followed (a link to /proc/self is still /proc).</summary>
    private static string ResolveFolders(string full)
    {
        var folder = Path.GetDirectoryName(full);
        if (folder is null)
        {
            return full;
        }

        var info = new DirectoryInfo(folder);
        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        var resolvedFolder = target is not null ? target.FullName : ResolveFolders(folder);
        return Path.Combine(resolvedFolder, Path.GetFileName(full));
    }

    /// <summary>The path with control characters shown as escapes, so a hostile name cannot drive the terminal.</summary>
    private static string Printable(string path) => Gguf.GgufText.Printable(path, 512);
}
