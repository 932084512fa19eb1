namespace ModelScale.ChatHost.Sessions.Store;

/// <summary>
/// The stored responses of POST /v1/responses: each keeps its whole conversation (the input items it continued, its
/// own input and its output), so that a follow-up through previous_response_id continues it even when an earlier
/// response is deleted, and an item_reference finds any item a stored response holds. Responses are kept for
/// <see cref="ResponseRetention"/>.
/// </summary>
public sealed partial class SessionStore
{
    /// <summary>How long a stored response is kept, as OpenAI keeps them: older ones are deleted when a new one is stored.</summary>
    public static readonly TimeSpan ResponseRetention = TimeSpan.FromDays(30);

    public void AddResponse(StoredResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var now = _time.GetUtcNow();
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        Run(connection, "DELETE FROM responses WHERE created_at < $cutoff", ("$cutoff", Cutoff()));
        Run(
            connection,
            "INSERT INTO responses (id, previous_id, model, conversation, response, created_at) VALUES ($id, $previous, $model, $conversation, $response, $now)",
            ("$id", response.Id), ("$previous", response.PreviousId), ("$model", response.Model), ("$conversation", response.Conversation),
            ("$response", response.Response), ("$now", Format(now)));
        transaction.Commit();
    }

    public StoredResponse? GetResponse(string id) => Query(
        "SELECT id, previous_id, model, conversation, response FROM responses WHERE id = $id AND created_at >= $cutoff",
        r => new StoredResponse(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)),
        ("$id", id), ("$cutoff", Cutoff())).FirstOrDefault();

    /// <summary>Deletes a stored response. Returns false when there was none.</summary>
    public bool DeleteResponse(string id) => Execute("DELETE FROM responses WHERE id = $id", ("$id", id)) > 0;

    /// <summary>The JSON of the item with id <paramref name="itemId"/> in any stored conversation (newest first); null when none holds it.</summary>
    public string? FindResponseItem(string itemId) => Query(
        "SELECT item.value FROM responses r, json_each(r.conversation) item WHERE r.created_at >= $cutoff AND json_extract(item.value, '$.id') = $id ORDER BY r.rowid DESC LIMIT 1",
        r => r.GetString(0),
        ("$id", itemId), ("$cutoff", Cutoff())).FirstOrDefault();

    /// <summary>The oldest creation time still kept: a response past it is gone even before the next store deletes it.</summary>
    private string Cutoff() => Format(_time.GetUtcNow() - ResponseRetention);
}

/// <summary>
/// A stored response: <paramref name="Conversation"/> is the JSON array of its conversation's items (Responses input
/// items, its output included); <paramref name="Response"/> is the JSON of the response object.
/// </summary>
public sealed record StoredResponse(string Id, string? PreviousId, string Model, string Conversation, string Response);
