using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Http.Resilience;
using ModelScale.Profiles.Catalog;
using OpenAI;
using Polly;

namespace ModelScale.ChatHost.Engine.Remote;

/// <summary>
/// Builds the <see cref="IChatClient"/> of a remote tier: Microsoft.Extensions.AI.OpenAI over an HttpClient whose
/// resilience pipeline retries with backoff (connection failures, 408, 429, 5xx). A streamed answer's HTTP response
/// arrives before its first token, so retries can only ever happen before the first token, never mid-answer.
/// </summary>
public sealed class RemoteClientFactory(IPlatformEnvironment environment, TimeProvider time)
{
    /// <summary>How long one attempt may wait for the endpoint to start answering.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry's delay; later ones back off exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <exception cref="RemoteTierException">The profile names an API key variable that is not set.</exception>
    public RemoteChatClient Create(ModelProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var remote = profile.Remote ?? throw new ArgumentException($"Profile '{profile.Id}' is not remote.", nameof(profile));
        string? key = null;
        if (remote.ApiKeyEnvironmentVariable is { } variable)
        {
            key = environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(key))
            {
                throw new RemoteTierException($"The remote tier '{profile.Id}' needs an API key in ${variable}, which is not set.");
            }
        }

        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, MaxRetries),
                Delay = RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            })
            .AddTimeout(AttemptTimeout)
            .Build();
        var handler = new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) } };
#pragma warning disable CA2000 // The HttpClient lives as long as the client built on it.
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
        var options = new OpenAIClientOptions
        {
            Endpoint = remote.BaseUrl,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };

        // Endpoints without keys (llama-server, Ollama) still get a header; they ignore it.
        var inner = new OpenAIClient(new ApiKeyCredential(key ?? "none"), options).GetChatClient(remote.Model).AsIChatClient();
        return new RemoteChatClient(inner, profile, time, AttemptTimeout);
    }
}
