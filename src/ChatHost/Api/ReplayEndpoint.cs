using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// POST /api/replay: plays a conversation (the conversation-file format) on catalog profiles, one after another, and
/// answers with the replay report's JSON (the report.json of `modelscale replay`). Body:
/// <c>{ "profiles": ["1b", "7b"], "conversation": { ...conversation file... }, "teacherForcing": false, "repeat": 1 }</c>;
/// with <c>"stream": true</c> the progress streams as server-sent events before the report (<see cref="ReplayProgressStream"/>).
/// Only catalog ids, never a path.
/// </summary>
public static class ReplayEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ReplayRunner runner, IOptions<ServeOptions> serve, ApiExceptionHandler errors)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var (body, failure) = await JsonBody.ReadAsync<JsonDocument>(http.Request, NativeJson.Options, http.RequestAborted);
        if (body is null)
        {
            return failure!.ToResult();
        }

        using var document = body;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ApiFailure.BadRequest("The body must be a JSON object with \"profiles\" and \"conversation\".").ToResult();
        }

        if (!root.TryGetProperty("profiles", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0
            || list.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String))
        {
            return ApiFailure.BadRequest("\"profiles\" must be a non-empty array of profile ids.", "profiles").ToResult();
        }

        var profiles = list.EnumerateArray().Select(p => p.GetString()!).ToList();
        if (profiles.FirstOrDefault(ProfileResolver.LooksLikePath) is { } path)
        {
            return ApiFailure.BadRequest($"'{path}' is a path; the service replays catalog profiles only.", "profiles").ToResult();
        }

        if (!root.TryGetProperty("conversation", out var conversationJson) || conversationJson.ValueKind != JsonValueKind.Object)
        {
            return ApiFailure.BadRequest("\"conversation\" must be a conversation object (the format of /save and `modelscale replay`).", "conversation").ToResult();
        }

        if (root.TryGetProperty("stream", out var streamValue) && streamValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return ApiFailure.BadRequest("\"stream\" must be true or false.", "stream").ToResult();
        }

        var teacherForcing = root.TryGetProperty("teacherForcing", out var forcing) && forcing.ValueKind == JsonValueKind.True;
        var repeat = 1;
        if (root.TryGetProperty("repeat", out var repeatJson)
            && (repeatJson.ValueKind != JsonValueKind.Number || !repeatJson.TryGetInt32(out repeat) || repeat is < 1 or > ReplayRunner.MostRepeats))
        {
            return ApiFailure.BadRequest($"\"repeat\" must be a whole number from 1 to {ReplayRunner.MostRepeats}: the measured passes per tier.", "repeat").ToResult();
        }

        // A conversation that cannot be used is a ConversationException: 400, with "conversation" as the param.
        var conversation = ConversationFile.Parse(conversationJson.GetRawText(), "the request's conversation");

        // --max-tokens-limit binds a replay's answers as it binds every other answer: the default, and the most.
        var sampling = conversation.Sampling;
        var limit = serve.Value.MaxTokensLimit;
        if (sampling?.MaxTokens > limit)
        {
            return ApiFailure.BadRequest($"The conversation's \"sampling.maxTokens\" is {sampling.MaxTokens}, more than this server's limit of {limit}.", "conversation.sampling.maxTokens").ToResult();
        }

        var options = new ReplayOptions
        {
            Profiles = profiles,
            TeacherForcing = teacherForcing,
            Repeat = repeat,
            Source = "api",
            Sampling = new SamplingSettings(sampling?.Temperature ?? SamplingDefaults.Temperature, sampling?.Seed ?? SamplingDefaults.Seed, sampling?.MaxTokens ?? limit),
        };
        ReplayRunner.Validate(conversation, options, "The conversation");

        if (streamValue.ValueKind == JsonValueKind.True)
        {
            await ReplayProgressStream.WriteAsync(http, progress => runner.RunAsync(conversation, options, progress, http.RequestAborted), errors);
            return Results.Empty;
        }

        var result = await runner.RunAsync(conversation, options, cancellationToken: http.RequestAborted);
        return Results.Text(JsonReport.Render(result), "application/json");
    }
}
