namespace ModelScale.Profiles.Catalog;

/// <summary>
/// A tier served by another OpenAI-compatible engine (vLLM, llama-server, Ollama, another ModelScale) instead of a
/// local GGUF file. The API key is never in the catalog: <paramref name="ApiKeyEnvironmentVariable"/> names the
/// environment variable that holds it.
/// </summary>
/// <param name="BaseUrl">The API's base URL, e.g. http://gpu-box:8000/v1.</param>
/// <param name="Model">The model name the remote engine serves.</param>
/// <param name="ApiKeyEnvironmentVariable">The variable holding the key; null when the endpoint needs none.</param>
public sealed record RemoteEndpoint(Uri BaseUrl, string Model, string? ApiKeyEnvironmentVariable)
{
    /// <summary>What the plan column shows: "remote: host:port".</summary>
    public string Describe() => $"remote: {BaseUrl.Authority}";
}
