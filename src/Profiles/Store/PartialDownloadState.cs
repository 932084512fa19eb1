using System.Text.Json;

namespace ModelScale.Profiles.Store;

/// <summary>
/// What a resumable download needs to remember between runs, kept beside the partial file: where it came from and the
/// server's validators, so that a resumed request can say If-Range and get the whole file again if it changed.
/// </summary>
/// <param name="Url">The URL the partial bytes came from; a partial from another URL is never resumed.</param>
/// <param name="ETag">The server's strong ETag, when it sent one.</param>
/// <param name="LastModified">The server's Last-Modified, when it sent one.</param>
/// <param name="TotalBytes">The full size the server announced, when it did.</param>
public sealed record PartialDownloadState(Uri Url, string? ETag, DateTimeOffset? LastModified, long? TotalBytes)
{
    /// <summary>The state file that goes with a partial file.</summary>
    public static string PathFor(string partialPath) => partialPath + ".json";

    /// <summary>Reads the state, or null when there is none or it cannot be read (the partial then resumes without If-Range).</summary>
    public static PartialDownloadState? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), StoreJsonContext.Default.PartialDownloadState) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, StoreJsonContext.Default.PartialDownloadState));
}
