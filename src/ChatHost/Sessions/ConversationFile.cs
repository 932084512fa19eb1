using System.Text.Json;
using System.Text.Json.Serialization;

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

        if (conversation.Version != Conversation.CurrentVersion)
        {
            throw new ConversationException($"{fileName} is conversation version {conversation.Version}; this build reads version {Conversation.CurrentVersion}.");
        }

        for (var i = 0; i < conversation.Turns.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(conversation.Turns[i].User))
            {
                throw new ConversationException($"{fileName}: turn {i + 1} has no \"user\" text.");
            }
        }

        return conversation;
    }

    public static Conversation Load(string path)
    {
        ModelScale.Profiles.Files.InputFile.Ensure(path, "conversation file", sentence => new ConversationException(sentence));
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

    /// <summary>Writes through a temporary file and a rename, so a failed save never destroys an older file.</summary>
    public static void Save(Conversation conversation, string path)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(temp, Serialize(conversation) + "\n");
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConversationException($"Cannot write {full}: {ex.Message}", ex);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.') + ".";
    }
}
