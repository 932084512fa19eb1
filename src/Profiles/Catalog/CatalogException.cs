namespace ModelScale.Profiles.Catalog;

/// <summary>
/// A problem with a catalog file, a profile or a model file. <see cref="Exception.Message"/> is one sentence
/// meant for the user.
/// </summary>
public sealed class CatalogException : Exception
{
    public CatalogException()
    {
    }

    public CatalogException(string message)
        : base(message)
    {
    }

    public CatalogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CatalogException(string message, string? filePath, long? lineNumber = null, long? column = null, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Column = column;
    }

    /// <summary>The catalog file the problem is in, when there is one.</summary>
    public string? FilePath { get; }

    /// <summary>The 1-based line of the problem, for malformed JSON.</summary>
    public long? LineNumber { get; }

    /// <summary>The 1-based column (byte position in the line) of the problem, for malformed JSON.</summary>
    public long? Column { get; }
}
