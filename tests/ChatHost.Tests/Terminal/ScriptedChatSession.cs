using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Tests.Terminal;

/// <summary>
/// A session without a model, for what the terminal does with a session's answers and listings: every answer is
/// <see cref="Answer"/>, streamed in pieces of <see cref="PieceLength"/> characters (cut inside words, as tokens are).
/// </summary>
internal sealed class ScriptedChatSession(IReadOnlyList<ProfileListing> profiles) : IChatSession
{
    private readonly List<SessionMessage> _history = [];

    public string Answer { get; init; } = "An answer.";

    public int PieceLength { get; init; } = 3;

    public List<string> Sent { get; } = [];

    public ModelProfile? Profile { get; private set; }

    public string? SystemPrompt { get; private set; }

    public IReadOnlyList<SessionMessage> History => _history;

    public SamplingSettings Sampling { get; private set; } = new();

    public AnswerStats? LastStats => null;

    public bool CanResume => false;

    public Task<IReadOnlyList<ProfileListing>> ListProfilesAsync(CancellationToken cancellationToken = default) => Task.FromResult(profiles);

    public Task<ProfileSwitch> SwitchToAsync(string idOrPath, CancellationToken cancellationToken = default)
    {
        Profile = profiles.Single(p => p.Profile.Id == idOrPath).Profile;
        return Task.FromResult(new ProfileSwitch(Profile, "scripted.gguf", TimeSpan.FromMilliseconds(5), false, 256, 0, 2, TemplateSource.Model));
    }

    public async IAsyncEnumerable<ChatUpdate> SendAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Sent.Add(text);
        _history.Add(new SessionMessage(ChatRole.User, text, null));
        for (var i = 0; i < Answer.Length; i += PieceLength)
        {
            await Task.Yield();
            yield return new ChatUpdate(Text: Answer[i..Math.Min(Answer.Length, i + PieceLength)]);
        }

        _history.Add(new SessionMessage(ChatRole.Assistant, Answer, Profile?.Id));
    }

    public Task SetSamplingAsync(SamplingSettings sampling, CancellationToken cancellationToken = default)
    {
        Sampling = sampling;
        return Task.CompletedTask;
    }

    public Task SetSystemPromptAsync(string? text, CancellationToken cancellationToken = default)
    {
        SystemPrompt = string.IsNullOrWhiteSpace(text) ? null : text;
        return Task.CompletedTask;
    }

    public Task ResetAsync(CancellationToken cancellationToken = default)
    {
        _history.Clear();
        return Task.CompletedTask;
    }

    public Task<Conversation> ExportAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException("Not scripted.");

    public Task ImportAsync(Conversation conversation, CancellationToken cancellationToken = default) => throw new NotSupportedException("Not scripted.");

    public Task<string?> ResumeAsync(string sessionId, CancellationToken cancellationToken = default) => throw new NotSupportedException("Not scripted.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
