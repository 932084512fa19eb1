using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// What /api/chat and /api/generate do alike: read the body, check it into a turn, and then either only load (or,
/// with keep_alive 0, unload) the model when the turn has no messages, or answer it through <see cref="OllamaAnswer"/>.
/// The two differ only in their request and in the lines they write.
/// </summary>
internal static class OllamaTurnEndpoint
{
    public static async Task HandleAsync<TRequest>(
        HttpContext http,
        ProfileClients clients,
        IModelEngine engine,
        int maxTokensLimit,
        DateTimeOffset now,
        Func<TRequest, int, (OllamaTurn? Turn, OllamaFailure? Failure)> check,
        Func<string, string, OllamaAnswer.Line> lines,
        CancellationToken cancellationToken)
        where TRequest : class
    {
        var (request, bodyFailure) = await JsonBody.ReadAsync<TRequest>(http.Request, OllamaJson.Options, cancellationToken);
        if (request is null)
        {
            await OllamaFailure.From(bodyFailure!).ToResult().ExecuteAsync(http);
            return;
        }

        var (turn, failure) = check(request, maxTokensLimit);
        if (turn is null)
        {
            await failure!.ToResult().ExecuteAsync(http);
            return;
        }

        var line = lines(turn.Name, OllamaTime.Format(now));
        if (turn.Messages.Count == 0)
        {
            var done = await OllamaLoading.LoadOrUnloadAsync(turn, clients, engine, cancellationToken);
            await Results.Json<object>(line(string.Empty, null, done), OllamaJson.Options).ExecuteAsync(http);
            return;
        }

        await OllamaAnswer.RunAsync(http, turn, clients, line, cancellationToken);
    }
}
