using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine.Decoding.Grammar;

/// <summary>
/// A JSON Schema uses a keyword (or a combination) that the grammar converter cannot turn into a grammar whose every
/// output validates. <see cref="Keyword"/> names it, and the message says where it is in the schema.
/// </summary>
public sealed class UnsupportedSchemaException : ModelScaleException
{
    private const string ErrorCode = "unsupported_schema";
    private const string About = "response_format";

    public UnsupportedSchemaException(string keyword, string location, string reason)
        : base(ErrorKind.BadInput, $"The JSON schema's '{keyword}' at {(location.Length == 0 ? "/" : location)} is not supported: {reason}", innerException: null, ErrorCode, About)
    {
        Keyword = keyword;
        Location = location;
    }

    public UnsupportedSchemaException()
        : base(ErrorKind.BadInput, "The JSON schema is not supported.", innerException: null, ErrorCode, About)
    {
        Keyword = string.Empty;
        Location = string.Empty;
    }

    public UnsupportedSchemaException(string message)
        : base(ErrorKind.BadInput, message, innerException: null, ErrorCode, About)
    {
        Keyword = string.Empty;
        Location = string.Empty;
    }

    public UnsupportedSchemaException(string message, Exception innerException)
        : base(ErrorKind.BadInput, message, innerException, ErrorCode, About)
    {
        Keyword = string.Empty;
        Location = string.Empty;
    }

    /// <summary>The schema keyword that cannot be expressed (for example <c>pattern</c> or <c>multipleOf</c>).</summary>
    public string Keyword { get; }

    /// <summary>Where the keyword is, as a JSON pointer into the schema.</summary>
    public string Location { get; }
}
