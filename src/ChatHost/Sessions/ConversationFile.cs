using System.Text.Json;
using System.Text.Json.Serialization;
using ModelScale.ChatHost.Sessions.Store;
using ModelScale.Profiles.Files;

namespace ModelScale.ChatHost.Sessions;

/// <summary>Reads and writes <see cref="Conversation"/> JSON, with file, line and column on a parse error.</summary>
public static class ConversationFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static Conversation Parse(string json, string fileName)
    {
        Conversation? conversation;
        try
        {
            conversation = JsonSerializer.Deserialize<Conversation>(json, Json);
        }
        catch (JsonException ex) when (ex.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            throw new ConversationException($"{fileName} has no \"turns\"; a conversation file is a JSON object with \"turns\".", ex);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : string.Empty;
            var what = ex.Path is { Length: > 1 } path ? $" ({path})" : string.Empty;
            throw new ConversationException($"{fileName} is not a valid conversation file{where}{what}: {FirstSentence(ex.Message)}", ex);
        }

        if (conversation is null)
        {
            throw new ConversationException($"{fileName} is empty; a conversation file is a JSON object with \"turns\".");
        }

        Validate(conversation, fileName);
        return conversation;
    }

    /// <summary>
    /// Checks what the JSON types cannot: the version, "turns" present and within <see cref="HistoryLimits.MaxTurns"/>,
    /// no null turn or keyword, every turn with user text, and sampling values a model can use. Everything is checked
    /// before anything plays or is stored, so a bad value is refused at once, not after a whole replay.
    /// </summary>
    /// <exception cref="ConversationException">One sentence naming the first problem.</exception>
    public static void Validate(Conversation conversation, string source)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.Version != Conversation.CurrentVersion)
        {
            throw new ConversationException($"{source} is conversation version {conversation.Version}; this build reads version {Conversation.CurrentVersion}.");
        }

        // "turns": null deserializes to null whatever the property's type says.
        if (conversation.Turns is null)
        {
            throw new ConversationException($"{source} has \"turns\": null; it must be an array of turns.");
        }

        if (conversation.Turns.Count > HistoryLimits.MaxTurns)
        {
            throw new ConversationException($"{source} has {conversation.Turns.Count} turns; a conversation holds at most {HistoryLimits.MaxTurns}.");
        }

        for (var i = 0; i < conversation.Turns.Count; i++)
        {
            var turn = conversation.Turns[i];
            if (turn is null)
            {
                throw new ConversationException($"{source}: turn {i + 1} is null; each turn is an object with \"user\" text.");
            }

            if (string.IsNullOrWhiteSpace(turn.User))
            {
                throw new ConversationException($"{source}: turn {i + 1} has no \"user\" text.");
            }

            if (turn.Expect is { } expect && expect.Any(string.IsNullOrWhiteSpace))
            {
                throw new ConversationException($"{source}: turn {i + 1} has an empty or null keyword in \"expect\".");
            }
        }

        if (conversation.Sampling is { } sampling)
        {
            if (sampling.Temperature is { } t && (!float.IsFinite(t) || t < 0 || t > HistoryLimits.MaxTemperature))
            {
                throw new ConversationException($"{source}: \"sampling.temperature\" must be between 0 and {HistoryLimits.MaxTemperature}.");
            }

            if (sampling.MaxTokens is <= 0)
            {
                throw new ConversationException($"{source}: \"sampling.maxTokens\" must be a positive number of tokens.");
            }
        }
    }

    public static Conversation Load(string path)
    {
        InputFile.Ensure(path, "conversation file", sentence => new ConversationException(sentence));
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConversationException($"Cannot read {path}: {ex.Message}", ex);
        }

        return Parse(json, path);
    }

    /// <summary>The conversation as the file holds it (and as POST /api/replay takes it).</summary>
    public static string Serialize(Conversation conversation) => JsonSerializer.Serialize(conversation, Json);

    /// <summary>
    /// Writes through a new temporary file (created 0600) and a rename, so a failed save never destroys an older file and
    /// the saved file is private whatever was there before. Only a regular file is replaced: a symbolic link, a FIFO, a
    /// device or a folder at the path is refused, and nothing is written.
    /// </summary>
    /// <exception cref="ConversationException">The path is not a file that may be replaced, or it cannot be written.</exception>
    public static void Save(Conversation conversation, string path)
    {
        string full;
        FileKind kind;
        try
        {
            full = Path.GetFullPath(path);
            kind = FileKinds.OfLink(full);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw new ConversationException($"Cannot save to {path}: {ex.Message.TrimEnd('.')}.", ex);
        }

        if (kind is not (FileKind.Missing or FileKind.Regular))
        {
            throw new ConversationException($"Cannot save to {full}: it is {Describe(kind)}, not a regular file; /save writes a new file or replaces a regular one only.");
        }

        var temp = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            PrivateFiles.CreateFolder(Path.GetDirectoryName(full)!);
            using (var stream = PrivateFiles.CreateNew(temp))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(Serialize(conversation) + "\n");
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new ConversationException($"Cannot write {full}: {ex.Message}", ex);
        }
    }

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Directory => "a folder",
        _ => "a FIFO, device or socket",
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.') + ".";
    }
}
