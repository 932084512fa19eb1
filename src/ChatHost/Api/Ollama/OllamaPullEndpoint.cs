using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// POST /api/pull: downloads a catalog profile's file into the models folder through the same code as `modelscale
/// pull` (resuming a partial file, checking its size and SHA-256), with Ollama's progress lines: "pulling manifest",
/// "pulling ID" with digest, total and completed while bytes move, "verifying sha256 digest" and "success". Only
/// catalog profiles can be pulled: the name is a profile id, never a registry path or a URL.
/// </summary>
public static class OllamaPullEndpoint
{
    public static async Task HandleAsync(HttpContext http, ProfileCatalog catalog, ModelPuller puller, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(puller);
        ArgumentNullException.ThrowIfNull(lifetime);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var (request, bodyFailure) = await JsonBody.ReadAsync<OllamaPullRequest>(http.Request, OllamaJson.Options, stop.Token);
        if (request is null)
        {
            await OllamaFailure.From(bodyFailure!).ToResult().ExecuteAsync(http);
            return;
        }

        var (profile, failure) = Check(request, catalog);
        if (profile is null)
        {
            await failure!.ToResult().ExecuteAsync(http);
            return;
        }

        if (request.Stream == false)
        {
            await puller.PullAsync(profile, cancellationToken: stop.Token);
            await Results.Json(new OllamaProgress("success"), OllamaJson.Options).ExecuteAsync(http);
            return;
        }

        var lines = Channel.CreateUnbounded<OllamaProgress>(new UnboundedChannelOptions { SingleReader = true });
        var digest = profile.Sha256 is { Length: 64 } sha ? $"sha256:{sha.ToLowerInvariant()}" : null;
        var label = profile.Sha256 is { Length: 64 } known ? known[..12].ToLowerInvariant() : profile.Id;
        var progress = new ChannelProgress(lines.Writer, p => p.Stage == DownloadStage.Hashing && p.TotalBytes is null
            ? new OllamaProgress($"verifying {label}", digest, null, p.BytesDone)
            : new OllamaProgress($"pulling {label}", digest, p.TotalBytes, p.BytesDone));
        NdJson.Begin(http.Response);
        await NdJson.WriteAsync(http.Response, new OllamaProgress("pulling manifest"), stop.Token);
        var pull = Task.Run(
            async () =>
            {
                try
                {
                    return await puller.PullAsync(profile, progress: progress, cancellationToken: stop.Token);
                }
                finally
                {
                    lines.Writer.TryComplete();
                }
            },
            stop.Token);

        await foreach (var line in lines.Reader.ReadAllAsync(stop.Token))
        {
            await NdJson.WriteAsync(http.Response, line, stop.Token);
        }

        // Errors go through OllamaErrorFilter, which writes them as the last line.
        var result = await pull;
        if (result.Sha256 is not null)
        {
            await NdJson.WriteAsync(http.Response, new OllamaProgress("verifying sha256 digest"), stop.Token);
        }

        var size = result.SizeBytes;
        await NdJson.WriteAsync(http.Response, new OllamaProgress($"pulling {label}", digest ?? (result.Sha256 is { } got ? $"sha256:{got}" : null), size, size), stop.Token);
        await NdJson.WriteAsync(http.Response, new OllamaProgress("success"), stop.Token);
    }

    /// <summary>The catalog profile to pull, or why not.</summary>
    public static (ModelProfile? Profile, OllamaFailure? Failure) Check(OllamaPullRequest request, ProfileCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        if (OllamaFields.Check(request.Unread, "/api/pull") is { } unknown)
        {
            return (null, unknown);
        }

        if (request.Insecure == true)
        {
            return (null, OllamaFailure.BadRequest("'insecure' is not supported: pulls come from the sources in the catalog, checked against their SHA-256."));
        }

        var name = request.Model ?? request.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, OllamaFailure.BadRequest("model is required: a profile id from the catalog (GET /api/profiles lists them)."));
        }

        if (OllamaNames.ProfileId(name) is not { Length: > 0 } id || !catalog.TryGet(id, out var profile))
        {
            return (null, new OllamaFailure(StatusCodes.Status404NotFound, $"pull model manifest: '{name}' is not a profile in this server's catalog; GET /api/profiles lists them."));
        }

        return profile.IsRemote
            ? (null, OllamaFailure.BadRequest($"'{profile.Id}' is a remote tier: it has no file to pull."))
            : (profile, null);
    }

    /// <summary>Passes each progress report on as a line, without blocking the download.</summary>
    private sealed class ChannelProgress(ChannelWriter<OllamaProgress> writer, Func<DownloadProgress, OllamaProgress> line) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => writer.TryWrite(line(value));
    }
}
