using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// An in-process session: the history lives here, answers come from the engine's <see cref="IChatClient"/>. Each
/// answer holds the model only while it runs, so the engine may unload it in between and load it again when needed.
/// </summary>
public sealed class LocalChatSession(
    ProfileCatalog catalog,
    ModelLocator locator,
    ProfileLoader loader,
    IModelEngine engine,
    TimeProvider time,
    GenerationMonitor? monitor = null,
    RemoteClientFactory? remotes = null)
    : IChatSession
{
    /// <summary>Resuming needs a store of sessions, which a service keeps; this one has none.</summary>
    internal const string CannotResume = "Only a session held by a service can be resumed: use --session with --connect.";

    private readonly ChatTranscript _transcript = new();
    private IChatClient? _client;
    private int _contextLength;

    /// <summary>GGUF files loaded by path in this session, by id, with parameters and quantization from their headers: /profiles lists them and /profile takes their ids.</summary>
    private readonly Dictionary<string, ModelProfile> _adHoc = new(StringComparer.Ordinal);

    public ModelProfile? Profile { get; private set; }

    public string? SystemPrompt => _transcript.SystemPrompt;

    public IReadOnlyList<SessionMessage> History => _transcript.History;

    public SamplingSettings Sampling => _transcript.Sampling;

    public AnswerStats? LastStats => _transcript.LastStats;

    /// <summary>What the host allows every answer (the service's --max-tokens-limit); none in chat.</summary>
    public SessionLimits Limits { get; set; } = new();

    public bool CanResume => false;

    public Task<IReadOnlyList<ProfileListing>> ListProfilesAsync(CancellationToken cancellationToken = default) => Task.FromResult(ListProfiles());

    private IReadOnlyList<ProfileListing> ListProfiles()
    {
        var resident = engine.Resident.Select(m => Path.GetFullPath(m.Request.Path)).ToHashSet(StringComparer.Ordinal);
        var listings = new List<ProfileListing>();
        foreach (var profile in catalog.Profiles.Concat(_adHoc.Values.Where(a => !catalog.TryGet(a.Id, out _))))
        {
            if (profile.Remote is { } remote)
            {
                listings.Add(new ProfileListing(profile, remote.Describe(), OnDisk: false, profile == Profile, Resident: false));
                continue;
            }

            string? path = null;
            try
            {
                path = locator.ResolvePath(profile);
            }
            catch (CatalogException)
            {
                // A profile with nowhere to look is listed as not on disk.
            }

            var full = path is null ? null : Path.GetFullPath(path);
            listings.Add(new ProfileListing(profile, path, full is not null && File.Exists(full), profile.Id == Profile?.Id, full is not null && resident.Contains(full)));
        }

        return listings;
    }

    public async Task<ProfileSwitch> SwitchToAsync(string idOrPath, CancellationToken cancellationToken = default)
    {
        var profile = !catalog.TryGet(idOrPath, out _) && _adHoc.TryGetValue(idOrPath, out var known) ? known : ProfileResolver.Resolve(catalog, idOrPath);
        var started = time.GetTimestamp();
        if (profile.Remote is { } remote)
        {
            // A tier served elsewhere: nothing loads here, the history carries over as for a local switch.
            var factory = remotes ?? throw new ModelScaleException(ErrorKind.Unusable, $"Remote tiers are not available here, so '{profile.Id}' cannot be used.");
            var remoteClient = factory.Create(profile);
            _client?.Dispose();
            _client = remoteClient;
            _contextLength = 0;
            Profile = profile;
            return new ProfileSwitch(profile, remote.Describe(), time.GetElapsedTime(started), false, 0, 0, 0, TemplateSource.Remote) { Remote = remote };
        }

        var load = await loader.LoadAsync(profile, cancellationToken);

        // Only a successful load changes the session: a failure above leaves profile and history as they were.
        _client?.Dispose();
        _client = new LeasedChatClient(engine, load.Model.Request, monitor);
        Profile = load.Profile.IsAdHoc ? WithHeaderFacts(load.Profile) : load.Profile;
        if (Profile.IsAdHoc)
        {
            _adHoc[Profile.Id] = Profile;
        }

        var model = load.Model;
        _contextLength = model.SequenceContext;
        return new ProfileSwitch(Profile, model.Request.Path, time.GetElapsedTime(started), load.WasResident, model.SequenceContext, model.GpuLayerCount, model.Threads, model.Renderer.Source)
        {
            Plan = model.Plan,
            FallbackSteps = model.FallbackSteps,
        };
    }

    public async IAsyncEnumerable<ChatUpdate> SendAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var client = _client ?? throw new ModelScaleException(ErrorKind.Conflict, "No model is loaded yet; choose one with /profile ID.");
        var profileId = Profile!.Id;

        using var answer = _transcript.BeginAnswer(text, profileId);
        var options = new ChatOptions
        {
            Temperature = Sampling.Temperature,
            Seed = Sampling.Seed,
            MaxOutputTokens = Limits.Cap(Sampling.MaxTokens),
        };

        await using var updates = client.GetStreamingResponseAsync(BuildMessages(), options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Nothing is lost: what was shown stays in the history, marked incomplete, with what it cost.
                answer.Cancel();
                throw;
            }
            catch
            {
                answer.Fail();
                throw;
            }

            var update = updates.Current;
            if (PromptTrim.From(update) is { } trim)
            {
                yield return new ChatUpdate(Notice:
                    $"The context holds {trim.ContextTokens} tokens, so the {trim.Messages} oldest messages were left out of the prompt, "
                    + $"which now has {trim.PromptTokens} tokens; they stay in /history.");
                continue;
            }

            if (AnswerStats.From(update) is { } finished)
            {
                answer.Stats = finished;
                continue;
            }

            if (update.Text is { Length: > 0 } piece)
            {
                answer.Append(piece);
                yield return new ChatUpdate(Text: piece);
            }
        }

        answer.Complete();
        var stats = answer.Stats;
        if (stats is { FinishReason: FinishReasons.Length } && (Sampling.MaxTokens is not { } max || stats.CompletionTokens < max))
        {
            var context = _contextLength > 0 ? $" ({_contextLength} tokens: {stats.PromptTokens} of prompt and {stats.CompletionTokens} of answer)" : string.Empty;
            yield return new ChatUpdate(Notice: $"The answer ran to the end of the context{context} and was cut there; /reset or a larger --ctx leaves more room.");
        }

        yield return new ChatUpdate(Stats: stats);
    }

    public Task SetSamplingAsync(SamplingSettings sampling, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        _transcript.Sampling = sampling;
        return Task.CompletedTask;
    }

    public Task SetSystemPromptAsync(string? text, CancellationToken cancellationToken = default)
    {
        _transcript.SetSystemPrompt(text);
        return Task.CompletedTask;
    }

    public Task ResetAsync(CancellationToken cancellationToken = default)
    {
        _transcript.Reset();
        return Task.CompletedTask;
    }

    public Task<Conversation> ExportAsync(CancellationToken cancellationToken = default) => Task.FromResult(_transcript.Export(Profile?.Id));

    public Task ImportAsync(Conversation conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ConversationFile.Validate(conversation, "The conversation");
        _transcript.Import(conversation);
        return Task.CompletedTask;
    }

    public Task<string?> ResumeAsync(string sessionId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(CannotResume);

    /// <summary>Puts back a stored conversation as it was, with each answer's profile, stats and completeness.</summary>
    public void Restore(IEnumerable<SessionMessage> history, string? systemPrompt, SamplingSettings sampling) =>
        _transcript.Restore(history, systemPrompt, sampling);

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>An ad-hoc profile with the parameter count and quantization its GGUF header declares.</summary>
    private static ModelProfile WithHeaderFacts(ModelProfile profile)
    {
        try
        {
            var summary = Profiles.Gguf.GgufSummary.From(Profiles.Gguf.GgufReader.Read(profile.Path!));
            return profile with
            {
                Parameters = profile.Parameters ?? summary.ParameterCount,
                Quantization = profile.Quantization == ModelProfile.Unknown && summary.FileType is { } type ? type : profile.Quantization,
            };
        }
        catch (Exception ex) when (ex is IOException or Profiles.Gguf.GgufFormatException)
        {
            return profile;
        }
    }

    private List<ChatMessage> BuildMessages()
    {
        var messages = new List<ChatMessage>(History.Count + 1);
        if (SystemPrompt is not null)
        {
            messages.Add(new ChatMessage(ChatRole.System, SystemPrompt));
        }

        messages.AddRange(History.Select(m => new ChatMessage(m.Role, m.Text)));
        return messages;
    }
}
