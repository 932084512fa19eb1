using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// A session that lives in a running `modelscale serve` (chat --connect): the same <see cref="IChatSession"/> the REPL
/// uses in-process, over the native session API. The service stores the conversation; this keeps a copy to show.
/// Ctrl+C closes the answer's stream, so the service cancels the generation and stores what was said as incomplete.
/// </summary>
public sealed class RemoteChatSession(HttpClient http) : IChatSession
{
    private readonly List<SessionMessage> _history = [];
    private SamplingSettings _sampling = new();
    private string? _id;

    /// <summary>The service's id for this session, once it exists (created with the first profile).</summary>
    public string? Id => _id;

    public ModelProfile? Profile { get; private set; }

    public string? SystemPrompt { get; private set; }

    public IReadOnlyList<SessionMessage> History => _history;

    public SamplingSettings Sampling
    {
        get => _sampling;
        set
        {
            _sampling = value;
            if (_id is not null)
            {
                Call(http.PutAsJsonAsync($"api/sessions/{_id}/sampling", new SamplingRequest(value.Temperature, value.Seed, value.MaxTokens), NativeJson.Options));
            }
        }
    }

    public AnswerStats? LastStats { get; private set; }

    /// <summary>
    /// Continues a session the service holds: its history, system prompt and sampling come from the service. Returns
    /// the profile it was on (null when it never had one); the REPL switches to it, which loads it on the service.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such session, or the service cannot be reached.</exception>
    public async Task<string?> ResumeAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        var detail = await ReadAsync<SessionDetail>(http.GetAsync($"api/sessions/{Uri.EscapeDataString(sessionId)}", cancellationToken), cancellationToken);
        _id = detail.Session.Id;
        SystemPrompt = detail.Session.System;
        _sampling = new SamplingSettings(detail.Session.Sampling.Temperature, detail.Session.Sampling.Seed, detail.Session.Sampling.MaxTokens);
        _history.Clear();
        _history.AddRange(detail.Messages.Select(m => new SessionMessage(new ChatRole(m.Role), m.Content, m.Profile, m.Stats?.ToStats(), m.Incomplete)));
        LastStats = _history.LastOrDefault(m => m.Stats is not null)?.Stats;
        return detail.Session.Profile;
    }

    public IReadOnlyList<ProfileListing> ListProfiles()
    {
        var profiles = Read<ProfileView[]>(http.GetAsync("api/profiles"));
        return [.. profiles.Select(p => new ProfileListing(p.ToProfile(), null, p.OnDisk, p.Id == Profile?.Id, p.Resident))];
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
            var created = await ReadAsync<SessionView>(
                http.PostAsJsonAsync("api/sessions", new CreateSessionRequest(null, idOrPath, SystemPrompt, _sampling.Temperature, _sampling.Seed, _sampling.MaxTokens), NativeJson.Options, cancellationToken),
                cancellationToken);
            _id = created.Id;
        }

        var switched = await ReadAsync<SwitchResult>(
            http.PutAsJsonAsync($"api/sessions/{_id}/profile", new SwitchProfileRequest(idOrPath), NativeJson.Options, cancellationToken), cancellationToken);
        Profile = switched.Profile.ToProfile();
        return new ProfileSwitch(Profile, http.BaseAddress?.ToString() ?? string.Empty, TimeSpan.FromMilliseconds(switched.ElapsedMs), switched.WasResident, switched.ContextLength, switched.GpuLayers, switched.Threads, switched.Template)
        {
            FallbackSteps = switched.FallbackSteps,
        };
    }

    public async IAsyncEnumerable<ChatUpdate> SendAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var id = _id ?? throw new ModelScaleException(ErrorKind.Conflict, "No model is loaded yet; choose one with /profile ID.");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{id}/messages")
        {
            Content = JsonContent.Create(new SendMessageRequest(text, Stream: true), options: NativeJson.Options),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);

        _history.Add(new SessionMessage(ChatRole.User, text));
        var answer = new StringBuilder();
        AnswerStats? stats = null;
        var recorded = false;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        try
        {
            while (await ReadEventAsync(reader, cancellationToken) is { } data)
            {
                if (data == ServerSentEvents.Done)
                {
                    break;
                }

                using var json = JsonDocument.Parse(data);
                if (json.RootElement.TryGetProperty("error", out var error))
                {
                    throw new ModelScaleException(ErrorKind.Unavailable, error.GetProperty("message").GetString() ?? "The service stopped the answer.");
                }

                var update = json.RootElement.Deserialize<MessageEvent>(NativeJson.Options)!;
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
                        stats = update.Stats?.ToStats();
                        _history.Add(new SessionMessage(ChatRole.Assistant, answer.ToString(), stats?.ProfileId ?? Profile?.Id, stats));
                        LastStats = stats;
                        recorded = true;
                        yield return new ChatUpdate(Stats: stats);
                        break;
                }
            }
        }
        finally
        {
            if (!recorded)
            {
                // Stopped (Ctrl+C closes the stream) or broken: the service keeps the same, marked incomplete.
                _history.Add(new SessionMessage(ChatRole.Assistant, answer.ToString(), Profile?.Id, stats, Incomplete: true));
            }
        }
    }

    public void SetSystemPrompt(string? text)
    {
        SystemPrompt = string.IsNullOrWhiteSpace(text) ? null : text;
        if (_id is not null)
        {
            Call(http.PutAsJsonAsync($"api/sessions/{_id}/system", new SystemPromptRequest(SystemPrompt), NativeJson.Options));
        }
    }

    public void Reset()
    {
        if (_id is not null)
        {
            Call(http.DeleteAsync($"api/sessions/{_id}/messages"));
        }

        _history.Clear();
        LastStats = null;
    }

    public Conversation Export() => new()
    {
        System = SystemPrompt,
        Profile = Profile?.Id,
        Sampling = ConversationHistory.ToFile(_sampling),
        Turns = ConversationHistory.ToTurns(_history),
    };

    public void Import(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var id = _id ?? throw new ModelScaleException(ErrorKind.Conflict, "No model is loaded yet; choose one with /profile ID.");
        Call(http.PutAsJsonAsync($"api/sessions/{id}/conversation", conversation, NativeJson.Options));
        _history.Clear();
        _history.AddRange(ConversationHistory.ToMessages(conversation));
        SystemPrompt = conversation.System;
        _sampling = ConversationHistory.Overlay(_sampling, conversation.Sampling);

        LastStats = null;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The next event's data (events are one `data:` line each); null at the end of the stream.</summary>
    private static async Task<string?> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        return null;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new ModelScaleException(KindOf((int)response.StatusCode), ApiErrorBody.MessageOf(body) ?? $"The service answered {(int)response.StatusCode} {response.ReasonPhrase}.");
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

    private static async Task<T> ReadAsync<T>(Task<HttpResponseMessage> call, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await call;
        }
        catch (HttpRequestException ex)
        {
            throw new ModelScaleException(ErrorKind.Unavailable, $"Cannot reach the service: {ex.Message} Is `modelscale serve` running?", ex);
        }

        using var _ = response;
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(NativeJson.Options, cancellationToken))!;
    }

    private static T Read<T>(Task<HttpResponseMessage> call) => ReadAsync<T>(call, CancellationToken.None).GetAwaiter().GetResult();

    private static void Call(Task<HttpResponseMessage> call)
    {
        using var response = call.GetAwaiter().GetResult();
        EnsureSuccessAsync(response, CancellationToken.None).GetAwaiter().GetResult();
    }
}
