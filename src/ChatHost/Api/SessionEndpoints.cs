using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Api;

/// <summary>The native session API: sessions stored across restarts, a streamed answer per message, profile switches.</summary>
public static class SessionEndpoints
{
    /// <summary>The longest session title PUT /api/sessions/{id}/title takes.</summary>
    public const int MaxTitleLength = 200;

    public static async Task<IResult> CreateAsync(HttpContext http, SessionHub hub, IOptions<ServeOptions> serve)
    {
        if (await ApiHandler.BodyAsync<CreateSessionRequest>(http) is not { } request)
        {
            return Results.Empty;
        }

        if (Check(request.Temperature, request.MaxTokens, serve.Value.MaxTokensLimit) is { } invalid)
        {
            return invalid.ToResult();
        }

        var defaults = new SamplingSettings();
        var created = hub.Create(request.Title, request.Profile, request.System, new SamplingSettings(
            request.Temperature ?? defaults.Temperature, request.Seed ?? defaults.Seed, request.MaxTokens));
        return Results.Json(NativeViews.Session(created), NativeJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static IResult List(SessionHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return Results.Json(hub.List().Select(NativeViews.Session).ToArray(), NativeJson.Options);
    }

    public static IResult Get(string id, SessionHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var session = hub.Get(id);
        var detail = new SessionDetail(
            NativeViews.Session(session),
            [.. hub.Store.Messages(id).Select(NativeViews.Message)],
            [.. hub.Store.Switches(id).Select(s => new SwitchView(s.From, s.To, s.LoadMilliseconds, s.At))]);
        return Results.Json(detail, NativeJson.Options);
    }

    public static async Task<IResult> DeleteAsync(string id, SessionHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        await hub.DeleteAsync(id);
        return Results.NoContent();
    }

    public static async Task<IResult> SwitchAsync(HttpContext http, string id, SessionHub hub, ModelLocator locator, IModelEngine engine)
    {
        if (await ApiHandler.BodyAsync<SwitchProfileRequest>(http) is not { } request)
        {
            return Results.Empty;
        }

        if (string.IsNullOrWhiteSpace(request.Profile))
        {
            return ApiFailure.BadRequest("'profile' must name a profile id from GET /api/profiles.", "profile").ToResult();
        }

        var switched = await hub.SwitchAsync(id, request.Profile, http.RequestAborted);
        return Results.Json(
            new SwitchResult(
                ProfilesEndpoint.View(switched.Profile, locator, engine),
                switched.Elapsed.TotalMilliseconds,
                switched.WasResident,
                switched.ContextLength,
                switched.GpuLayerCount,
                switched.Threads,
                NativeViews.Template(switched.Template),
                switched.Plan?.Reason,
                switched.FallbackSteps,
                hub.Get(id).MessageCount)
            {
                PlanNotes = switched.Plan?.Notes,
            },
            NativeJson.Options);
    }

    /// <summary>PUT /api/sessions/{id}/title: renames the session; null or blank clears the title.</summary>
    public static async Task<IResult> RenameAsync(HttpContext http, string id, SessionHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        if (await ApiHandler.BodyAsync<RenameSessionRequest>(http) is not { } request)
        {
            return Results.Empty;
        }

        if (request.Title is { Length: > MaxTitleLength })
        {
            return ApiFailure.BadRequest($"'title' is {request.Title.Length} characters long; the most is {MaxTitleLength}.", "title").ToResult();
        }

        return Results.Json(NativeViews.Session(hub.Rename(id, request.Title)), NativeJson.Options);
    }

    public static async Task<IResult> SetSystemAsync(HttpContext http, string id, SessionHub hub)
    {
        if (await ApiHandler.BodyAsync<SystemPromptRequest>(http) is not { } request)
        {
            return Results.Empty;
        }

        await using (var lease = await hub.AcquireAsync(id, http.RequestAborted))
        {
            await lease.Session.SetSystemPromptAsync(request.System, http.RequestAborted);
        }

        return Results.Json(NativeViews.Session(hub.Get(id)), NativeJson.Options);
    }

    public static async Task<IResult> SetSamplingAsync(HttpContext http, string id, SessionHub hub, IOptions<ServeOptions> serve)
    {
        if (await ApiHandler.BodyAsync<SamplingRequest>(http) is not { } request)
        {
            return Results.Empty;
        }

        if (Check(request.Temperature, request.MaxTokens, serve.Value.MaxTokensLimit) is { } invalid)
        {
            return invalid.ToResult();
        }

        await using (var lease = await hub.AcquireAsync(id, http.RequestAborted))
        {
            var current = lease.Session.Sampling;
            await lease.Session.SetSamplingAsync(new SamplingSettings(request.Temperature ?? current.Temperature, request.Seed ?? current.Seed, request.MaxTokens), http.RequestAborted);
        }

        return Results.Json(NativeViews.Session(hub.Get(id)), NativeJson.Options);
    }

    /// <summary>DELETE /api/sessions/{id}/messages: forgets the turns; the system prompt and profile stay.</summary>
    public static async Task<IResult> ResetAsync(HttpContext http, string id, SessionHub hub)
    {
        await using (var lease = await hub.AcquireAsync(id, http.RequestAborted))
        {
            await lease.Session.ResetAsync(http.RequestAborted);
        }

        return Results.NoContent();
    }

    /// <summary>
    /// PUT /api/sessions/{id}/conversation: replaces the history with a conversation file's turns, read and checked as
    /// /load reads a file (so <c>{}</c>, null turns and bad sampling are refused), and stored in one transaction.
    /// </summary>
    public static async Task<IResult> ImportAsync(HttpContext http, string id, SessionHub hub)
    {
        if (await ApiHandler.BodyAsync<JsonDocument>(http) is not { } body)
        {
            return Results.Empty;
        }

        Conversation conversation;
        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiFailure.BadRequest("The body must be a conversation object (the format of /save and `modelscale replay`).", "conversation").ToResult();
            }

            // A conversation that cannot be used is a ConversationException: 400, with "conversation" as the param.
            conversation = ConversationFile.Parse(body.RootElement.GetRawText(), "The conversation");
        }

        await using (var lease = await hub.AcquireAsync(id, http.RequestAborted))
        {
            await lease.Session.ImportAsync(conversation, http.RequestAborted);
        }

        return Results.Json(NativeViews.Session(hub.Get(id)), NativeJson.Options);
    }

    /// <summary>
    /// POST /api/sessions/{id}/messages: stores the message and streams the answer as server-sent events ("text" pieces,
    /// "notice"s, then "done" with the stats, then [DONE]); with "stream": false, returns the stored answer. The answer
    /// is stored when it finishes; a client that goes away, or a service that stops, leaves it stored as incomplete.
    /// </summary>
    public static async Task SendAsync(HttpContext http, string id, SessionHub hub, IHostApplicationLifetime lifetime, ApiExceptionHandler errors)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(errors);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;
        if (await ApiHandler.BodyAsync<SendMessageRequest>(http) is not { } request)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(request.Content))
        {
            await ApiFailure.BadRequest("'content' must be a non-empty message.", "content").ToResult().ExecuteAsync(http);
            return;
        }

        SessionLease? lease = null;
        IAsyncEnumerator<ChatUpdate>? updates = null;
        CancellationTokenSource? answering = null;
        try
        {
            lease = await hub.AcquireAsync(id, cancellationToken);
            answering = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Deleted);
            updates = lease.Session.SendAsync(request.Content, answering.Token).GetAsyncEnumerator(answering.Token);
            var more = await updates.MoveNextAsync();
            if (request.Stream == false)
            {
                while (more)
                {
                    more = await updates.MoveNextAsync();
                }

                await Results.Json(NativeViews.Message(hub.Store.Messages(id)[^1]), NativeJson.Options).ExecuteAsync(http);
                return;
            }

            ServerSentEvents.Begin(http.Response);
            for (; more; more = await updates.MoveNextAsync())
            {
                var update = updates.Current;
                var message = update switch
                {
                    { Text: { } text } => new MessageEvent("text", Text: text),
                    { Notice: { } notice } => new MessageEvent("notice", Notice: notice),
                    _ => new MessageEvent("done", Stats: NativeViews.Stats(update.Stats)),
                };
                await ServerSentEvents.WriteAsync(http.Response, message, NativeJson.Options, cancellationToken);
            }

            await ServerSentEvents.WriteDataAsync(http.Response, ServerSentEvents.Done, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the service is stopping; the partial answer is stored as incomplete.
        }
        catch (OperationCanceledException) when (lease?.Deleted.IsCancellationRequested == true && !http.Response.HasStarted)
        {
            throw new SessionDeletedException(id);
        }
        catch (OperationCanceledException) when (lease?.Deleted.IsCancellationRequested == true)
        {
            await errors.WriteEventAsync(http, new SessionDeletedException(id), NativeJson.Options);
        }
        catch (Exception ex) when (http.Response.HasStarted)
        {
            // Before the first event, ApiExceptionHandler answers; after it, the status is sent and the error is the last event.
            await errors.WriteEventAsync(http, ex, NativeJson.Options);
        }
        finally
        {
            if (updates is not null)
            {
                await updates.DisposeAsync();
            }

            if (lease is not null)
            {
                await lease.DisposeAsync();
            }

            answering?.Dispose();
        }
    }

    private static ApiFailure? Check(float? temperature, int? maxTokens, int maxTokensLimit)
    {
        if (temperature is < 0 or > HistoryLimits.MaxTemperature || temperature is { } t && !float.IsFinite(t))
        {
            return ApiFailure.BadRequest("'temperature' must be between 0 and 2.", "temperature");
        }

        if (maxTokens is <= 0)
        {
            return ApiFailure.BadRequest("'maxTokens' must be a positive number.", "maxTokens");
        }

        return maxTokens > maxTokensLimit
            ? ApiFailure.BadRequest($"'maxTokens' is {maxTokens}, more than this server's limit of {maxTokensLimit}.", "maxTokens")
            : null;
    }
}
