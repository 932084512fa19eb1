using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Client;

/// <summary>
/// A session that lives in a running `modelscale serve` (chat --connect): the same <see cref="IChatSession"/> the REPL
/// uses in-process, over the native session API. The service stores the conversation; this keeps a copy to show, in
/// the same <see cref="ChatTranscript"/> an in-process session keeps, so both record an unfinished answer alike.
/// Ctrl+C closes the answer's stream, so the service cancels the generation and stores what was said as incomplete.
/// </summary>
public sealed class RemoteChatSession(HttpClient http) : IChatSession
{
    private const string NoModelYet = "No model is loaded yet; choose one with /profile ID.";

    private readonly ChatTranscript _transcript = new();
    private string? _id;

    /// <summary>The service's id for this session, once it exists (created with the first profile).</summary>
    public string? Id => _id;

    public ModelProfile? Profile { get; private set; }

    public string? SystemPrompt => _transcript.SystemPrompt;

    public IReadOnlyList<SessionMessage> History => _transcript.History;

    public SamplingSettings Sampling => _transcript.Sampling;

    public AnswerStats? LastStats => _transcript.LastStats;

    public bool CanResume => true;

    /// <summary>
    /// Continues a session the service holds: its history, system prompt and sampling come from the service. Returns
    /// the profile it was on (null when it never had one); the REPL switches to it, which loads it on the service.
    /// </summary>
    /// <exception cref="Profiles.Errors.ModelScaleException">No such session, or the service cannot be reached.</exception>
    public async Task<string?> ResumeAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        var detail = await ReadAsync<SessionDetail>(http.GetAsync($"api/sessions/{Uri.EscapeDataString(sessionId)}", cancellationToken), cancellationToken);
        _id = detail.Session.Id;
        var sampling = detail.Session.Sampling;
        _transcript.Restore(
            detail.Messages.Select(m => new SessionMessage(new ChatRole(m.Role), m.Content, m.Profile, m.Stats is { } stats ? ServiceViews.ToStats(stats) : null, m.Incomplete)),
            detail.Session.System,
            new SamplingSettings(sampling.Temperature, sampling.Seed, sampling.MaxTokens));
        return detail.Session.Profile;
    }

    public async Task<IReadOnlyList<ProfileListing>> ListProfilesAsync(CancellationToken cancellationToken = default)
    {
        var profiles = await ReadAsync<ProfileView[]>(http.GetAsync("api/profiles", cancellationToken), cancellationToken);
        return [.. profiles.Select(p => new ProfileListing(ServiceViews.ToProfile(p), null, p.OnDisk, p.Id == Profile?.Id, p.Resident))];
    }

    public async Task<ProfileSwitch> SwitchToAsync(string idOrPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrPath);
        if (ProfileResolver.LooksLikePath(idOrPath))
        {
            throw new ModelScaleException(ErrorKind.BadInput, $"A service loads catalog profiles only, not files: '{idOrPath}' is a path. /profiles lists the ids.");
        }

        if (_id is null)
        {
            var sampling = Sampling;
            var created = await ReadAsync<SessionView>(
                http.PostAsJsonAsync("api/sessions", new CreateSessionRequest(null, idOrPath, SystemPrompt, sampling.Temperature, sampling.Seed, sampling.MaxTokens), NativeJson.Options, cancellationToken),
                cancellationToken);
            _id = created.Id;
        }

        var switched = await ReadAsync<SwitchResult>(
            http.PutAsJsonAsync($"api/sessions/{_id}/profile", new SwitchProfileRequest(idOrPath), NativeJson.Options, cancellationToken), cancellationToken);
        Profile = ServiceViews.ToProfile(switched.Profile);
        return new ProfileSwitch(Profile, http.BaseAddress?.ToString() ?? string.Empty, TimeSpan.FromMilliseconds(switched.ElapsedMs), switched.WasResident, switched.ContextLength, switched.GpuLayers, switched.Threads, ServiceViews.ToTemplate(switched.Template))
        {
            FallbackSteps = switched.FallbackSteps,
            ServicePlan = switched.PlanReason is { } reason ? (reason, switched.PlanNotes ?? []) : null,
        };
    }

    public async IAsyncEnumerable<ChatUpdate> SendAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var id = _id ?? throw new ModelScaleException(ErrorKind.Conflict, NoModelYet);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{id}/messages")
        {
            Content = JsonContent.Create(new SendMessageRequest(text, Stream: true), options: NativeJson.Options),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);

        using var answer = _transcript.BeginAnswer(text, Profile?.Id);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var events = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            MessageEvent update;
            try
            {
                if (!await events.MoveNextAsync() || events.Current.Data == StreamMarkers.Done)
                {
                    break;
                }

                update = ParseEvent(events.Current.Data);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped (Ctrl+C closes the stream): the service keeps the same, marked incomplete.
                answer.Cancel();
                throw;
            }
            catch
            {
                answer.Fail();
                throw;
            }

            switch (update.Type)
            {
                case "text" when update.Text is { } piece:
                    answer.Append(piece);
                    yield return new ChatUpdate(Text: piece);
                    break;
                case "notice" when update.Notice is { } notice:
                    yield return new ChatUpdate(Notice: notice);
                    break;
                case "done":
                    answer.Stats = update.Stats is { } stats ? ServiceViews.ToStats(stats) : null;
                    answer.Complete();
                    yield return new ChatUpdate(Stats: answer.Stats);
                    break;
            }
        }
    }

    public async Task SetSamplingAsync(SamplingSettings sampling, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        _transcript.Sampling = sampling;
        if (_id is not null)
        {
            await CallAsync(http.PutAsJsonAsync($"api/sessions/{_id}/sampling", new SamplingRequest(sampling.Temperature, sampling.Seed, sampling.MaxTokens), NativeJson.Options, cancellationToken), cancellationToken);
        }
    }

    public async Task SetSystemPromptAsync(string? text, CancellationToken cancellationToken = default)
    {
        _transcript.SetSystemPrompt(text);
        if (_id is not null)
        {
            await CallAsync(http.PutAsJsonAsync($"api/sessions/{_id}/system", new SystemPromptRequest(SystemPrompt), NativeJson.Options, cancellationToken), cancellationToken);
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        if (_id is not null)
        {
            await CallAsync(http.DeleteAsync($"api/sessions/{_id}/messages", cancellationToken), cancellationToken);
        }

        _transcript.Reset();
    }

    public Task<Conversation> ExportAsync(CancellationToken cancellationToken = default) => Task.FromResult(_transcript.Export(Profile?.Id));

    public async Task ImportAsync(Conversation conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var id = _id ?? throw new ModelScaleException(ErrorKind.Conflict, NoModelYet);
        await CallAsync(http.PutAsJsonAsync($"api/sessions/{id}/conversation", conversation, NativeJson.Options, cancellationToken), cancellationToken);
        _transcript.Import(conversation);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>One event of the answer's stream; an error event (the service failed mid-answer) throws its message.</summary>
    private static MessageEvent ParseEvent(string data)
    {
        using var json = JsonDocument.Parse(data);
        if (json.RootElement.TryGetProperty("error", out var error))
        {
            throw new ModelScaleException(ErrorKind.Unavailable, error.GetProperty("message").GetString() ?? "The service stopped the answer.");
        }

        return json.RootElement.Deserialize<MessageEvent>(NativeJson.Options)!;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new ModelScaleException(KindOf((int)response.StatusCode), ServiceError.MessageOf(body) ?? $"The service answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }

    /// <summary>The kind of failure a service's error status stands for.</summary>
    private static ErrorKind KindOf(int status) => status switch
    {
        404 => ErrorKind.NotFound,
        409 => ErrorKind.Conflict,
        410 => ErrorKind.Gone,
        413 => ErrorKind.TooLarge,
        503 => ErrorKind.Busy,
        >= 500 => ErrorKind.Unavailable,
        _ => ErrorKind.BadInput,
    };

    private static async Task<HttpResponseMessage> ReachAsync(Task<HttpResponseMessage> call)
    {
        try
        {
            return await call;
        }
        catch (HttpRequestException ex)
        {
            throw new ModelScaleException(ErrorKind.Unavailable, $"Cannot reach the service: {ex.Message} Is `modelscale serve` running?", ex);
        }
    }

    private static async Task<T> ReadAsync<T>(Task<HttpResponseMessage> call, CancellationToken cancellationToken)
    {
        using var response = await ReachAsync(call);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(NativeJson.Options, cancellationToken))!;
    }

    private static async Task CallAsync(Task<HttpResponseMessage> call, CancellationToken cancellationToken)
    {
        using var response = await ReachAsync(call);
        await EnsureSuccessAsync(response, cancellationToken);
    }
}
