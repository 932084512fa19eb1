namespace ModelScale.Profiles.Errors;

/// <summary>
/// What kind of failure a <see cref="ModelScaleException"/> is. Each front end maps a kind in one place: the CLI to an
/// exit code, the HTTP API to a status and an OpenAI-style error. None of them is a bug: a bug is any other exception.
/// </summary>
public enum ErrorKind
{
    /// <summary>The caller asked for something wrong: a bad value, a malformed file it gave, a prompt that does not fit.</summary>
    BadInput,

    /// <summary>What the caller named does not exist: an unknown profile, a model not on disk, an unknown session.</summary>
    NotFound,

    /// <summary>The request clashes with the current state: a session still answering, a port already in use, no model chosen yet.</summary>
    Conflict,

    /// <summary>What the request was about went away while it ran: a session deleted while it answered.</summary>
    Gone,

    /// <summary>The request is larger than this service accepts.</summary>
    TooLarge,

    /// <summary>Too much is waiting already; the same request may succeed shortly.</summary>
    Busy,

    /// <summary>Something outside this process that the answer needs could not be reached or failed: a remote tier, a service, a download.</summary>
    Unavailable,

    /// <summary>A file, library or setting on this machine cannot be used: a model that does not load, a malformed GGUF or catalog, a llama.cpp library that does not open.</summary>
    Unusable,
}
