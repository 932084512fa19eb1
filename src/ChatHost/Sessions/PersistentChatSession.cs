using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions.Store;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// A session whose every change is written to the <see cref="SessionStore"/> as it happens: the user's message when it
/// is sent, the answer when it finishes (or, interrupted, marked incomplete), switches, settings and resets.
/// </summary>
public sealed class PersistentChatSession(string id, LocalChatSession inner, SessionStore store) : IChatSession
{
    private volatile bool _deleted;

    public string Id => id;

    /// <summary>Whether the session was deleted: nothing more of it is stored, and an answer under way is dropped.</summary>
    public bool IsDeleted => _deleted;

    /// <summary>Stops storing anything for this session (its rows are being deleted).</summary>
    public void MarkDeleted() => _deleted = true;

    public ModelProfile? Profile => inner.Profile;

    public string? SystemPrompt => inner.SystemPrompt;

    public IReadOnlyList<SessionMessage> History => inner.History;

    public SamplingSettings Sampling => inner.Sampling;

    public AnswerStats? LastStats => inner.LastStats;

    /// <summary>Inside the service a stored session is continued through the <see cref="SessionHub"/>, not resumed.</summary>
    public bool CanResume => false;

    public Task<IReadOnlyList<ProfileListing>> ListProfilesAsync(CancellationToken cancellationToken = default) =>
        inner.ListProfilesAsync(cancellationToken);

    public async Task<ProfileSwitch> SwitchToAsync(string idOrPath, CancellationToken cancellationToken = default)
    {
        var from = inner.Profile?.Id;
        var switched = await inner.SwitchToAsync(idOrPath, cancellationToken);
        if (from != switched.Profile.Id)
        {
            store.RecordSwitch(id, from, switched.Profile.Id, switched.Elapsed);
        }

        return switched;
    }

    /// <summary>Loads the profile the store says the session was on, without recording a switch.</summary>
    public Task<ProfileSwitch> LoadStoredProfileAsync(string profileId, CancellationToken cancellationToken = default) =>
        inner.SwitchToAsync(profileId, cancellationToken);

    public async IAsyncEnumerable<ChatUpdate> SendAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (_deleted)
        {
            throw new SessionNotFoundException(id);
        }

        var before = inner.History.Count;
        var userMessage = store.AddMessage(id, ChatRole.User.Value, text);
        var stored = false;
        try
        {
            await foreach (var update in inner.SendAsync(text, cancellationToken))
            {
                if (update.Stats is not null && !stored)
                {
                    StoreAnswer(before);
                    stored = true;
                }

                yield return update;
            }
        }
        finally
        {
            if (!stored && !_deleted)
            {
                // Interrupted (cancelled, failed, or the reader went away): keep what was said, marked incomplete. A
                // failure before any answer took the user's message back out of the history, so it goes here too.
                if (inner.History.Count == before)
                {
                    store.DeleteMessage(userMessage);
                }
                else
                {
                    StoreAnswer(before);
                }
            }
        }
    }

    public async Task SetSamplingAsync(SamplingSettings sampling, CancellationToken cancellationToken = default)
    {
        await inner.SetSamplingAsync(sampling, cancellationToken);
        store.UpdateSettings(id, inner.SystemPrompt, inner.Sampling.ToStored());
    }

    public async Task SetSystemPromptAsync(string? text, CancellationToken cancellationToken = default)
    {
        await inner.SetSystemPromptAsync(text, cancellationToken);
        store.UpdateSettings(id, inner.SystemPrompt, inner.Sampling.ToStored());
    }

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await inner.ResetAsync(cancellationToken);
        store.ClearMessages(id);
    }

    public Task<Conversation> ExportAsync(CancellationToken cancellationToken = default) => inner.ExportAsync(cancellationToken);

    /// <summary>
    /// Replaces the history with a conversation's, as one transaction: the conversation is checked first, then stored
    /// all at once, and only then taken into memory. A failure at any step leaves the session as it was.
    /// </summary>
    /// <exception cref="ConversationException">The conversation is not valid (nothing changed).</exception>
    public async Task ImportAsync(Conversation conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ConversationFile.Validate(conversation, "The conversation");
        var messages = ConversationHistory.ToMessages(conversation);
        var sampling = ConversationHistory.Overlay(inner.Sampling, conversation.Sampling);
        var system = string.IsNullOrWhiteSpace(conversation.System) ? null : conversation.System;
        store.ReplaceConversation(id, [.. messages.Select(m => m.ToStored())], system, sampling.ToStored());
        await inner.ImportAsync(conversation, cancellationToken);
    }

    public Task<string?> ResumeAsync(string sessionId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(LocalChatSession.CannotResume);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>Writes the answer that followed the user's message (history index <paramref name="before"/>).</summary>
    private void StoreAnswer(int before)
    {
        if (!_deleted && inner.History.Count >= before + 2)
        {
            var answer = inner.History[before + 1];
            store.AddMessage(id, answer.Role.Value, answer.Text, answer.ProfileId, answer.Stats, answer.Incomplete);
        }
    }
}
