using System.Globalization;
using Microsoft.Data.Sqlite;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Files;

namespace ModelScale.ChatHost.Sessions.Store;

/// <summary>
/// Sessions, their messages and their profile switches in SQLite (WAL). Every write is its own transaction and is
/// durable when the call returns, so a process killed at any moment keeps everything written before it.
/// </summary>
public sealed partial class SessionStore : IDisposable
{
    public const string FileName = "sessions.db";

    // 2 added the responses table (POST /v1/responses with store); a version 1 database gains it when opened.
    private const int SchemaVersion = 2;

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    public SessionStore(string path, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _time = time;
        Prepare(Path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, ForeignKeys = true }.ToString();
        try
        {
            Migrate();
        }
        catch (SqliteException ex)
        {
            SqliteConnection.ClearAllPools();
            throw new SessionStoreException(
                $"{Path} is not a session database this build can open (SQLite: {Reason(ex)}); move it away or choose another --data-dir.", ex);
        }
    }

    public string Path { get; }

    public StoredSession Create(string? title, string? profile, string? systemPrompt, StoredSampling sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        var id = Guid.NewGuid().ToString("N");
        var now = Now();
        Execute(
            "INSERT INTO sessions (id, title, profile, system_prompt, temperature, seed, max_tokens, created_at, updated_at) VALUES ($id, $title, $profile, $system, $temperature, $seed, $max, $now, $now)",
            ("$id", id), ("$title", title), ("$profile", profile), ("$system", systemPrompt),
            ("$temperature", sampling.Temperature), ("$seed", sampling.Seed), ("$max", sampling.MaxTokens), ("$now", now));
        return Get(id)!;
    }

    /// <summary>Every session, most recently updated first.</summary>
    public IReadOnlyList<StoredSession> List() => Query(SessionSelect + " ORDER BY s.updated_at DESC, s.rowid DESC", ReadSession);

    public StoredSession? Get(string id) => Query(SessionSelect + " WHERE s.id = $id", ReadSession, ("$id", id)).FirstOrDefault();

    public IReadOnlyList<StoredMessage> Messages(string sessionId) => Query(
        "SELECT id, role, content, profile, prompt_tokens, cached_tokens, completion_tokens, ttft_ms, total_ms, prefill_tps, decode_tps, finish_reason, trimmed, incomplete, created_at FROM messages WHERE session_id = $id ORDER BY id",
        ReadMessage,
        ("$id", sessionId));

    public IReadOnlyList<StoredSwitch> Switches(string sessionId) => Query(
        "SELECT from_profile, to_profile, load_ms, at FROM profile_switches WHERE session_id = $id ORDER BY id",
        r => new StoredSwitch(r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1), r.GetDouble(2), Time(r.GetString(3))),
        ("$id", sessionId));

    /// <summary>Stores a message and returns its id. An assistant message is stored once it has finished or was interrupted.</summary>
    public long AddMessage(string sessionId, string role, string content, string? profile = null, AnswerStats? stats = null, bool incomplete = false)
    {
        var now = Now();
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var id = InsertMessage(connection, sessionId, role, content, profile, stats, incomplete, now);
        Touch(connection, sessionId, now);
        transaction.Commit();
        return id;
    }

    private static long InsertMessage(SqliteConnection connection, string sessionId, string role, string content, string? profile, AnswerStats? stats, bool incomplete, string now) =>
        Scalar<long>(
            connection,
            """
            INSERT INTO messages (session_id, role, content, profile, prompt_tokens, cached_tokens, completion_tokens, ttft_ms, total_ms, prefill_tps, decode_tps, finish_reason, trimmed, incomplete, created_at)
            VALUES ($session, $role, $content, $profile, $prompt, $cached, $completion, $ttft, $total, $prefill, $decode, $finish, $trimmed, $incomplete, $now);
            SELECT last_insert_rowid();
            """,
            ("$session", sessionId), ("$role", role), ("$content", content), ("$profile", profile),
            ("$prompt", stats?.PromptTokens), ("$cached", stats?.CachedPromptTokens), ("$completion", stats?.CompletionTokens),
            ("$ttft", stats?.TimeToFirstToken.TotalMilliseconds), ("$total", stats?.Total.TotalMilliseconds),
            ("$prefill", stats?.PrefillTokensPerSecond), ("$decode", stats?.DecodeTokensPerSecond), ("$finish", stats?.FinishReason),
            ("$trimmed", stats?.TrimmedMessages), ("$incomplete", incomplete), ("$now", now));

    public void DeleteMessage(long id) => Execute("DELETE FROM messages WHERE id = $id", ("$id", id));

    public void ClearMessages(string sessionId) => Execute("DELETE FROM messages WHERE session_id = $id", ("$id", sessionId));

    /// <summary>
    /// Replaces a session's messages, system prompt and sampling in one transaction: either all of it is stored, or
    /// (an error part way) the session stays exactly as it was.
    /// </summary>
    public void ReplaceConversation(string sessionId, IReadOnlyList<NewStoredMessage> messages, string? systemPrompt, StoredSampling sampling)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(sampling);
        var now = Now();
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        Run(connection, "DELETE FROM messages WHERE session_id = $id", ("$id", sessionId));
        foreach (var message in messages)
        {
            InsertMessage(connection, sessionId, message.Role, message.Content, message.Profile, message.Stats, message.Incomplete, now);
        }

        Run(
            connection,
            "UPDATE sessions SET system_prompt = $system, temperature = $temperature, seed = $seed, max_tokens = $max, updated_at = $now WHERE id = $id",
            ("$id", sessionId), ("$system", systemPrompt), ("$temperature", sampling.Temperature), ("$seed", sampling.Seed), ("$max", sampling.MaxTokens), ("$now", now));
        transaction.Commit();
    }

    public void RecordSwitch(string sessionId, string? from, string to, TimeSpan load)
    {
        var now = Now();
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        Run(connection, "INSERT INTO profile_switches (session_id, from_profile, to_profile, load_ms, at) VALUES ($id, $from, $to, $load, $now)",
            ("$id", sessionId), ("$from", from), ("$to", to), ("$load", load.TotalMilliseconds), ("$now", now));
        Run(connection, "UPDATE sessions SET profile = $to, updated_at = $now WHERE id = $id", ("$id", sessionId), ("$to", to), ("$now", now));
        transaction.Commit();
    }

    public void UpdateSettings(string sessionId, string? systemPrompt, StoredSampling sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        Execute(
            "UPDATE sessions SET system_prompt = $system, temperature = $temperature, seed = $seed, max_tokens = $max, updated_at = $now WHERE id = $id",
            ("$id", sessionId), ("$system", systemPrompt), ("$temperature", sampling.Temperature), ("$seed", sampling.Seed), ("$max", sampling.MaxTokens), ("$now", Now()));
    }

    /// <summary>Renames a session (null clears the title). Returns false when there was none.</summary>
    public bool Rename(string id, string? title) =>
        Execute("UPDATE sessions SET title = $title, updated_at = $now WHERE id = $id", ("$id", id), ("$title", title), ("$now", Now())) > 0;

    /// <summary>Deletes a session with its messages and switches. Returns false when there was none.</summary>
    public bool Delete(string id) => Execute("DELETE FROM sessions WHERE id = $id", ("$id", id)) > 0;

    public void Dispose() => SqliteConnection.ClearPool(new SqliteConnection(_connectionString));

    private const string SessionSelect =
        "SELECT s.id, s.title, s.profile, s.system_prompt, s.temperature, s.seed, s.max_tokens, s.created_at, s.updated_at, (SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id) FROM sessions s";

    private static StoredSession ReadSession(SqliteDataReader r) => new(
        r.GetString(0),
        r.IsDBNull(1) ? null : r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        new StoredSampling((float)r.GetDouble(4), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt32(6)),
        Time(r.GetString(7)),
        Time(r.GetString(8)),
        r.GetInt32(9));

    private static StoredMessage ReadMessage(SqliteDataReader r)
    {
        var profile = r.IsDBNull(3) ? null : r.GetString(3);
        AnswerStats? stats = r.IsDBNull(11) ? null : new AnswerStats
        {
            ProfileId = profile ?? string.Empty,
            PromptTokens = r.GetInt32(4),
            CachedPromptTokens = r.GetInt32(5),
            CompletionTokens = r.GetInt32(6),
            TimeToFirstToken = TimeSpan.FromMilliseconds(r.GetDouble(7)),
            Total = TimeSpan.FromMilliseconds(r.GetDouble(8)),
            PrefillTokensPerSecond = r.GetDouble(9),
            DecodeTokensPerSecond = r.GetDouble(10),
            FinishReason = r.GetString(11),
            TrimmedMessages = r.GetInt32(12),
        };
        return new StoredMessage(r.GetInt64(0), r.GetString(1), r.GetString(2), profile, stats, r.GetBoolean(13), Time(r.GetString(14)));
    }

    /// <summary>
    /// The folder created 0700 and the database created 0600 before SQLite opens it (SQLite gives its WAL and shared
    /// memory files the database's mode); a database an older build left readable by others is narrowed to 0600.
    /// </summary>
    private static void Prepare(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        try
        {
            if (FileKinds.OfLink(folder) is not (FileKind.Missing or FileKind.Directory or FileKind.SymbolicLink))
            {
                throw new SessionStoreException($"Cannot keep sessions in {folder}: it is a file, not a folder; choose a folder with --data-dir.");
            }

            PrivateFiles.CreateFolder(folder);
            switch (FileKinds.OfLink(path))
            {
                case FileKind.Missing:
                    PrivateFiles.CreateNew(path).Dispose();
                    break;
                case FileKind.Regular:
                    PrivateFiles.Narrow(path);
                    PrivateFiles.Narrow(path + "-wal");
                    PrivateFiles.Narrow(path + "-shm");
                    break;
                default:
                    throw new SessionStoreException($"{path} is not a regular file, so it cannot be the session database; move it away or choose another --data-dir.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SessionStoreException($"Cannot keep sessions in {folder}: {ex.Message.TrimEnd('.')}; choose another folder with --data-dir.", ex);
        }
    }

    /// <summary>SQLite's own words from "SQLite Error 26: 'file is not a database'.".</summary>
    private static string Reason(SqliteException ex)
    {
        var open = ex.Message.IndexOf('\'');
        var close = ex.Message.LastIndexOf('\'');
        return open >= 0 && close > open ? ex.Message[(open + 1)..close] : ex.Message.TrimEnd('.');
    }

    private void Migrate()
    {
        using var connection = Open();

        // WAL: readers never wait for the writer, and a commit is one append to the log.
        Run(connection, "PRAGMA journal_mode = WAL;");
        var version = Scalar<long>(connection, "PRAGMA user_version;");
        if (version > SchemaVersion)
        {
            throw new SessionStoreException($"{Path} was written by a newer ModelScale (schema {version}; this build reads {SchemaVersion}).");
        }

        Run(connection, """
            CREATE TABLE IF NOT EXISTS sessions (
                id TEXT PRIMARY KEY,
                title TEXT,
                profile TEXT,
                system_prompt TEXT,
                temperature REAL NOT NULL,
                seed INTEGER NOT NULL,
                max_tokens INTEGER,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS messages (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                content TEXT NOT NULL,
                profile TEXT,
                prompt_tokens INTEGER,
                cached_tokens INTEGER,
                completion_tokens INTEGER,
                ttft_ms REAL,
                total_ms REAL,
                prefill_tps REAL,
                decode_tps REAL,
                finish_reason TEXT,
                trimmed INTEGER,
                incomplete INTEGER NOT NULL,
                created_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS messages_by_session ON messages (session_id, id);
            CREATE TABLE IF NOT EXISTS profile_switches (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                from_profile TEXT,
                to_profile TEXT NOT NULL,
                load_ms REAL NOT NULL,
                at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS responses (
                id TEXT PRIMARY KEY,
                previous_id TEXT,
                model TEXT NOT NULL,
                conversation TEXT NOT NULL,
                response TEXT NOT NULL,
                created_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS responses_by_created ON responses (created_at);
            PRAGMA user_version = 2;
            """);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();

        // With WAL, NORMAL survives a killed process (not a power cut) and saves an fsync per commit.
        Run(connection, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
        return connection;
    }

    private void Touch(SqliteConnection connection, string sessionId, string now) =>
        Run(connection, "UPDATE sessions SET updated_at = $now WHERE id = $id", ("$id", sessionId), ("$now", now));

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        return Run(connection, sql, parameters);
    }

    private static int Run(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static T Scalar<T>(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Every statement is a constant; values always travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private string Now() => Format(_time.GetUtcNow());

    /// <summary>A UTC time as the database keeps it: ISO 8601 with "+00:00", so that text order is time order.</summary>
    private static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
