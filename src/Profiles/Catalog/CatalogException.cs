using ModelScale.Profiles.Errors;

namespace ModelScale.Profiles.Catalog;

/// <summary>
/// A problem with a catalog file, a profile or a model file. <see cref="Exception.Message"/> is one sentence
/// meant for the user. A profile that cannot be found (an unknown id, a model not on disk) is
/// <see cref="ErrorKind.NotFound"/>; a catalog file that cannot be read or used is <see cref="ErrorKind.Unusable"/>.
/// </summary>
public sealed class CatalogException : ModelScaleException
{
    private const string ErrorCode = "model_not_found";
    private const string About = "model";

    public CatalogException()
        : base(ErrorKind.NotFound, "The profile was not found.", innerException: null, ErrorCode, About)
    {
    }

    public CatalogException(string message)
        : base(ErrorKind.NotFound, message, innerException: null, ErrorCode, About)
    {
    }

    public CatalogException(string message, Exception innerException)
        : base(ErrorKind.NotFound, message, innerException, ErrorCode, About)
    {
    }

    /// <summary>A catalog file that cannot be read or used.</summary>
    public CatalogException(string message, string? filePath, long? lineNumber = null, long? column = null, Exception? innerException = null)
        : base(ErrorKind.Unusable, message, innerException)
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
