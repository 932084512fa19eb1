namespace ModelScale.ChatHost.Engine.Decoding.Grammar;

/// <summary>
/// A JSON Schema uses a keyword (or a combination) that the grammar converter cannot turn into a grammar whose every
/// output validates. <see cref="Keyword"/> names it, and the message says where it is in the schema.
/// </summary>
public sealed class UnsupportedSchemaException : ArgumentException
{
    public UnsupportedSchemaException(string keyword, string location, string reason)
        : base($"The JSON schema's '{keyword}' at {(location.Length == 0 ? "/" : location)} is not supported: {reason}")
    {
        Keyword = keyword;
        Location = location;
    }

    public UnsupportedSchemaException()
    {
        Keyword = string.Empty;
        Location = string.Empty;
    }

    public UnsupportedSchemaException(string message)
        : base(message)
    {
        Keyword = string.Empty;
        Location = string.Empty;
    }

    public UnsupportedSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
        Keyword = string.Empty;
        Location = string.Empty;
    }

    /// <summary>The schema keyword that cannot be expressed (for example <c>pattern</c> or <c>multipleOf</c>).</summary>
    public string Keyword { get; }

    /// <summary>Where the keyword is, as a JSON pointer into the schema.</summary>
    public string Location { get; }
}
