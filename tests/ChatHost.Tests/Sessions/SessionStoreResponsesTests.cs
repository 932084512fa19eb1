using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ModelScale.ChatHost.Sessions.Store;

namespace ModelScale.ChatHost.Tests.Sessions;

/// <summary>The stored responses of /v1/responses, in the session database.</summary>
public sealed class SessionStoreResponsesTests : IDisposable
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
    public void AResponse_IsReadBackByANewStore_ItsItemsFoundById_AndDeleted()
    {
        using (var store = new SessionStore(DatabasePath, _time))
        {
            store.AddResponse(new StoredResponse("resp_1", null, "stories", """[{"type":"message","role":"user","content":"Hi"},{"type":"message","role":"assistant","content":"Hello","id":"msg_1"}]""", """{"id":"resp_1"}"""));
            store.AddResponse(new StoredResponse("resp_2", "resp_1", "stories", """[{"type":"message","role":"assistant","content":"Hello","id":"msg_1"},{"type":"function_call","id":"fc_2","call_id":"c","name":"f","arguments":"{}"}]""", """{"id":"resp_2"}"""));
        }

        using var reopened = new SessionStore(DatabasePath, _time);
        var second = reopened.GetResponse("resp_2")!;
        Assert.Equal(("resp_1", "stories", """{"id":"resp_2"}"""), (second.PreviousId, second.Model, second.Response));
        Assert.Equal("""{"type":"function_call","id":"fc_2","call_id":"c","name":"f","arguments":"{}"}""", reopened.FindResponseItem("fc_2"));
        Assert.Equal("""{"type":"message","role":"assistant","content":"Hello","id":"msg_1"}""", reopened.FindResponseItem("msg_1"));
        Assert.Null(reopened.FindResponseItem("msg_404"));

        Assert.True(reopened.DeleteResponse("resp_1"));
        Assert.False(reopened.DeleteResponse("resp_1"));
        Assert.Null(reopened.GetResponse("resp_1"));
        Assert.NotNull(reopened.GetResponse("resp_2"));
    }

    [Fact]
    public void AResponseOlderThanTheRetention_IsDeletedWhenANewOneIsStored()
    {
        using var store = new SessionStore(DatabasePath, _time);
        store.AddResponse(new StoredResponse("resp_old", null, "stories", "[]", "{}"));
        _time.Advance(SessionStore.ResponseRetention - TimeSpan.FromMinutes(1));
        store.AddResponse(new StoredResponse("resp_mid", null, "stories", "[]", "{}"));
        Assert.NotNull(store.GetResponse("resp_old"));

        _time.Advance(TimeSpan.FromMinutes(2));
        store.AddResponse(new StoredResponse("resp_new", null, "stories", "[]", "{}"));

        Assert.Null(store.GetResponse("resp_old"));
        Assert.NotNull(store.GetResponse("resp_mid"));
        Assert.NotNull(store.GetResponse("resp_new"));
    }

    [Fact]
    public void AResponseOlderThanTheRetention_IsNotFound_EvenBeforeANewOneIsStored()
    {
        using var store = new SessionStore(DatabasePath, _time);
        store.AddResponse(new StoredResponse("resp_old", null, "stories", """[{"type":"message","id":"msg_old","role":"user","content":"hi"}]""", "{}"));
        Assert.NotNull(store.FindResponseItem("msg_old"));

        _time.Advance(SessionStore.ResponseRetention + TimeSpan.FromMinutes(1));

        Assert.Null(store.GetResponse("resp_old"));
        Assert.Null(store.FindResponseItem("msg_old"));
    }

    [Fact]
    public void ADatabaseOfSchema1_GainsTheResponsesTable_AndKeepsItsSessions()
    {
        Directory.CreateDirectory(_folder);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT, profile TEXT, system_prompt TEXT, temperature REAL NOT NULL, seed INTEGER NOT NULL,
                    max_tokens INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
                INSERT INTO sessions VALUES ('s1', 'old', 'stories', NULL, 0.7, 1, NULL, '2025-01-01T00:00:00.0000000+00:00', '2025-01-01T00:00:00.0000000+00:00');
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        using var store = new SessionStore(DatabasePath, _time);
        store.AddResponse(new StoredResponse("resp_1", null, "stories", "[]", "{}"));

        Assert.Equal("old", Assert.Single(store.List()).Title);
        Assert.NotNull(store.GetResponse("resp_1"));
    }
}
