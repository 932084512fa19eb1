using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>Raw calls to the native session API, as a script would make them.</summary>
internal static class NativeApi
{
    public static async Task<string> CreateSessionAsync(HttpClient http, string body = """{"profile":"stories","maxTokens":8}""")
    {
        using var response = await ApiAssert.PostAsync(http, "/api/sessions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Sends a message and reads the whole event stream: the text, and the stats of the "done" event.</summary>
    public static async Task<(string Text, JsonElement Done)> SendAsync(HttpClient http, string id, string content)
    {
        using var response = await ApiAssert.PostAsync(http, $"/api/sessions/{id}/messages", JsonSerializer.Serialize(new { content }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = new StringBuilder();
        JsonElement? done = null;
        var ended = false;
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                ended = true;
                continue;
            }

            using var json = JsonDocument.Parse(data);
            var type = json.RootElement.GetProperty("type").GetString();
            if (type == "text")
            {
                text.Append(json.RootElement.GetProperty("text").GetString());
            }
            else if (type == "done")
            {
                done = json.RootElement.GetProperty("stats").Clone();
            }
        }

        Assert.True(ended, "the stream ends with [DONE]");
        return (text.ToString(), done ?? throw new InvalidOperationException("no done event"));
    }

    public static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> PutAsync(HttpClient http, string path, object body) =>
        await http.PutAsJsonAsync(path, body);
}
