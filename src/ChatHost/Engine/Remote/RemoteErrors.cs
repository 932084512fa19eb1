using System.ClientModel;
using System.Net;
using System.Net.Sockets;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Engine.Remote;

/// <summary>Turns what an OpenAI-compatible endpoint (or the network) threw into one sentence a user can act on.</summary>
internal static class RemoteErrors
{
    public static RemoteTierException Explain(ModelProfile profile, RemoteEndpoint remote, Exception failure, TimeSpan timeout)
    {
        var tier = $"The remote tier '{profile.Id}' at {remote.BaseUrl}";
        var status = failure switch
        {
            ClientResultException result => result.Status,
            HttpRequestException { StatusCode: { } code } => (int)code,
            _ => 0,
        };

        var message = status switch
        {
            401 or 403 => remote.ApiKeyEnvironmentVariable is { } variable
                ? $"{tier} refused the API key (HTTP {status}); check the key in ${variable}."
                : $"{tier} wants an API key (HTTP {status}); add \"apiKeyEnv\" to the profile's remote and set that variable.",
            404 => $"{tier} does not serve a model named '{remote.Model}' (HTTP 404); check the profile's remote.model.",
            429 => $"{tier} is rate limiting requests (HTTP 429) and kept doing so after retries; try again later.",
            >= 500 => $"{tier} failed with HTTP {status} after retries.",
            > 0 => $"{tier} answered HTTP {status}: {FirstLine(failure.Message)}",
            _ when IsTimeout(failure) => $"{tier} did not answer within {timeout.TotalSeconds:0} s.",
            _ when Unreachable(failure) is { } why => $"{tier} cannot be reached ({why}).",
            _ => $"{tier} failed: {FirstLine(failure.Message)}",
        };
        return new RemoteTierException(message, failure);
    }

    private static bool IsTimeout(Exception failure) =>
        failure is TimeoutException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException
        || failure.InnerException is { } inner && IsTimeout(inner);

    private static string? Unreachable(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "unknown host",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                    _ => socket.SocketErrorCode.ToString(),
                };
            }
        }

        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: var error } && error != HttpRequestError.Unknown)
            {
                return error switch
                {
                    HttpRequestError.NameResolutionError => "unknown host",
                    HttpRequestError.ConnectionError => "the connection failed",
                    HttpRequestError.SecureConnectionError => "the TLS handshake failed",
                    HttpRequestError.ResponseEnded => "the connection closed",
                    _ => error.ToString(),
                };
            }
        }

        return failure is HttpRequestException or ClientResultException ? FirstLine(failure.Message) : null;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    internal static bool IsTransient(HttpStatusCode code) => (int)code is 408 or 429 or >= 500;
}
