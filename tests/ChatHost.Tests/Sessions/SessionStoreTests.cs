using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Sessions.Store;

namespace ModelScale.ChatHost.Tests.Sessions;

public sealed class SessionStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"modelscale-store-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private string DatabasePath => Path.Combine(_folder, SessionStore.FileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void SessionsMessagesAndSwitches_AreReadBackByANewStoreOnTheSameFile()
    {
        var stats = new AnswerStats
        {
            ProfileId = "stories", PromptTokens = 12, CachedPromptTokens = 3, CompletionTokens = 7,
            TimeToFirstToken = TimeSpan.FromMilliseconds(40), Total = TimeSpan.FromMilliseconds(90),
            PrefillTokensPerSecond = 300, DecodeTokensPerSecond = 140, FinishReason = FinishReasons.Length, TrimmedMessages = 1,
        };
        string id;
        using (var store = new SessionStore(DatabasePath, _time))
        {
            id = store.Create("first", "stories", "Be kind.", new StoredSampling(0.5f, 7, 64)).Id;
            store.AddMessage(id, "user", "Hi");
            store.AddMessage(id, "assistant", "Hello", "stories", stats);
            store.RecordSwitch(id, "stories", "tiny", TimeSpan.FromMilliseconds(120));
            store.AddMessage(id, "user", "More");
            store.AddMessage(id, "assistant", "Half", "tiny", stats with { ProfileId = "tiny", FinishReason = FinishReasons.Cancelled }, incomplete: true);
        }

        using var reopened = new SessionStore(DatabasePath, _time);
        var session = Assert.Single(reopened.List());
        Assert.Equal((id, "first", "tiny", "Be kind.", 4), (session.Id, session.Title, session.Profile, session.SystemPrompt, session.MessageCount));
        Assert.Equal(new StoredSampling(0.5f, 7, 64), session.Sampling);
        var messages = reopened.Messages(id);
        Assert.Equal(["user", "assistant", "user", "assistant"], messages.Select(m => m.Role));
        Assert.Equal(stats, messages[1].Stats);
        Assert.Equal("stories", messages[1].Profile);
        Assert.False(messages[1].Incomplete);
        Assert.True(messages[3].Incomplete);
        Assert.Equal(FinishReasons.Cancelled, messages[3].FinishReason);
        var change = Assert.Single(reopened.Switches(id));
        Assert.Equal(("stories", "tiny", 120d), (change.From, change.To, change.LoadMilliseconds));
    }

    [Fact]
    public void TheDatabase_IsInWalMode()
    {
        using var store = new SessionStore(DatabasePath, _time);
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void Delete_RemovesTheSessionWithItsMessages_AndListIsMostRecentFirst()
    {
        using var store = new SessionStore(DatabasePath, _time);
        var older = store.Create(null, "stories", null, new SamplingSettings().ToStored()).Id;
        _time.Advance(TimeSpan.FromMinutes(1));
        var newer = store.Create(null, "stories", null, new SamplingSettings().ToStored()).Id;
        _time.Advance(TimeSpan.FromMinutes(1));
        store.AddMessage(older, "user", "bump");

        Assert.Equal([older, newer], store.List().Select(s => s.Id));
        Assert.True(store.Delete(older));
        Assert.False(store.Delete(older));
        Assert.Empty(store.Messages(older));
        Assert.Equal([newer], store.List().Select(s => s.Id));
    }
}
