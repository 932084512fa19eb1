using ModelScale.Tests.Shared;
using System.Net;
using System.Text.Json;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>The native session API over a real served instance.</summary>
[Collection(ServeCollection.Name)]
public sealed class SessionApiTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    [Fact]
    public async Task SendSwitchAndSendAgain_KeepsTheHistoryAndRecordsWhoAnsweredWhat()
    {
        using var http = Serve.CreateHttpClient();
        var id = await NativeApi.CreateSessionAsync(http, """{"profile":"stories","title":"switching","system":"Be brief.","temperature":0,"maxTokens":6}""");

        var (first, stats) = await NativeApi.SendAsync(http, id, "Once upon a time");
        Assert.NotEmpty(first);
        Assert.Equal("stories", stats.GetProperty("profile").GetString());
        Assert.Equal(6, stats.GetProperty("completionTokens").GetInt32());

        using (var switched = await NativeApi.PutAsync(http, $"/api/sessions/{id}/profile", new { profile = "tiny" }))
        {
            var body = await switched.Content.ReadAsStringAsync();
            Assert.True(switched.StatusCode == HttpStatusCode.OK, body);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("tiny", json.RootElement.GetProperty("profile").GetProperty("id").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("messageCount").GetInt32());
        }

        var (_, secondStats) = await NativeApi.SendAsync(http, id, "And then?");
        Assert.Equal("tiny", secondStats.GetProperty("profile").GetString());

        // The second answer saw the first exchange: its prompt is longer than the first one's.
        Assert.True(secondStats.GetProperty("promptTokens").GetInt32() > stats.GetProperty("promptTokens").GetInt32());

        var detail = await NativeApi.GetAsync(http, $"/api/sessions/{id}");
        var messages = detail.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(first, messages[1].GetProperty("content").GetString());
        Assert.Equal("stories", messages[1].GetProperty("profile").GetString());
        Assert.Equal("tiny", messages[3].GetProperty("profile").GetString());
        Assert.Equal("length", messages[3].GetProperty("stats").GetProperty("finishReason").GetString());
        Assert.All(messages, m => Assert.False(m.GetProperty("incomplete").GetBoolean()));
        var change = Assert.Single(detail.GetProperty("switches").EnumerateArray());
        Assert.Equal(("stories", "tiny"), (change.GetProperty("from").GetString(), change.GetProperty("to").GetString()));
        Assert.Equal("tiny", detail.GetProperty("session").GetProperty("profile").GetString());
        Assert.Equal("Be brief.", detail.GetProperty("session").GetProperty("system").GetString());
    }

    [Fact]
    public async Task CreateListGetDelete()
    {
        using var http = Serve.CreateHttpClient();
        var id = await NativeApi.CreateSessionAsync(http, """{"title":"to delete"}""");

        var listed = await NativeApi.GetAsync(http, "/api/sessions");
        var mine = Assert.Single(listed.EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        Assert.Equal("stories", mine.GetProperty("profile").GetString());
        Assert.Equal("to delete", mine.GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/sessions/{id}")).StatusCode);
        await ApiAssert.ErrorAsync(await http.GetAsync($"/api/sessions/{id}"), HttpStatusCode.NotFound, "session_not_found");
        await ApiAssert.ErrorAsync(await http.DeleteAsync($"/api/sessions/{id}"), HttpStatusCode.NotFound, "session_not_found");
        Assert.DoesNotContain((await NativeApi.GetAsync(http, "/api/sessions")).EnumerateArray(), s => s.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task BadInput_GetsOpenAiStyleErrors()
    {
        using var http = Serve.CreateHttpClient();
        var id = await NativeApi.CreateSessionAsync(http);

        await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/api/sessions", """{"profile":"nope"}"""), HttpStatusCode.NotFound, "model_not_found");
        await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/api/sessions", """{"profile":"70b"}"""), HttpStatusCode.NotFound, "model_not_found");
        await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/api/sessions", """{"temperature":"warm"}"""), HttpStatusCode.BadRequest, "invalid_type");
        await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, $"/api/sessions/{id}/messages", """{"content":""}"""), HttpStatusCode.BadRequest, param: "content");
        await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, $"/api/sessions/{id}/messages", """{"content":"""), HttpStatusCode.BadRequest, "invalid_json");
        await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/api/sessions/missing/messages", """{"content":"Hi"}"""), HttpStatusCode.NotFound, "session_not_found");
        await ApiAssert.ErrorAsync(await NativeApi.PutAsync(http, $"/api/sessions/{id}/profile", new { profile = TestModelsPath() }), HttpStatusCode.NotFound, "model_not_found");
        await ApiAssert.ErrorAsync(await http.GetAsync("/api/plan/nope"), HttpStatusCode.NotFound, "model_not_found");

        var longText = string.Concat(Enumerable.Repeat("hello there ", 1500));
        await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, $"/api/sessions/{id}/messages", JsonSerializer.Serialize(new { content = longText })), HttpStatusCode.BadRequest, "context_length_exceeded");

        // Nothing of the refused message was kept.
        Assert.Empty((await NativeApi.GetAsync(http, $"/api/sessions/{id}")).GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task Plan_IsThePlanJsonOfTheProfile()
    {
        using var http = Serve.CreateHttpClient();

        var plan = await NativeApi.GetAsync(http, "/api/plan/stories");
        Assert.Equal(1, plan.GetProperty("schemaVersion").GetInt32());
        Assert.True(plan.GetProperty("fits").GetBoolean());
        Assert.Equal(OwnModels.TinyShape.ContextLength, plan.GetProperty("context").GetInt32());

        var notDownloaded = await NativeApi.GetAsync(http, "/api/plan/70b");
        Assert.Equal(81, notDownloaded.GetProperty("totalLayers").GetInt32());
    }

    [Fact]
    public async Task DeletingASessionMidAnswer_StopsTheAnswerWithAReason_AndLeavesNothingBehind()
    {
        using var http = Serve.CreateHttpClient();
        var id = await NativeApi.CreateSessionAsync(http, """{"profile":"tiny","maxTokens":3000}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/messages") { Content = new StringContent("""{"content":"Go on"}""", System.Text.Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        for (var events = 0; events < 3;)
        {
            events += (await reader.ReadLineAsync())!.StartsWith("data: ", StringComparison.Ordinal) ? 1 : 0;
        }

        using var other = Serve.CreateHttpClient();
        Assert.Equal(HttpStatusCode.NoContent, (await other.DeleteAsync($"/api/sessions/{id}")).StatusCode);

        // The answer stops there (not after its 3000 tokens), and its last event says why.
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var last = rest.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Contains("\"code\":\"session_deleted\"", last);
        Assert.Contains($"Session '{id}' was deleted while it was answering; the answer was dropped.", last);
        Assert.True(rest.Split("data: ").Length < 1000, "the answer went on after the session was deleted");
        await ApiAssert.ErrorAsync(await other.GetAsync($"/api/sessions/{id}"), HttpStatusCode.NotFound, "session_not_found");
        Assert.DoesNotContain(id, await other.GetStringAsync("/api/sessions"));

        // The server is fine afterwards: a new session answers.
        var next = await NativeApi.CreateSessionAsync(other, """{"profile":"stories","maxTokens":4}""");
        var (text, _) = await NativeApi.SendAsync(other, next, "Hello");
        Assert.NotEmpty(text);
    }

    [Fact]
    public async Task ADisconnectMidAnswer_StoresWhatWasSaidAsIncomplete()
    {
        var id = await NativeApi.CreateSessionAsync(Serve.CreateHttpClient(), """{"profile":"tiny","maxTokens":3000}""");
        var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = Serve.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/messages") { Content = new StringContent("""{"content":"Go on"}""", System.Text.Encoding.UTF8, "application/json") };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        for (var events = 0; events < 5;)
        {
            events += (await reader.ReadLineAsync())!.StartsWith("data: ", StringComparison.Ordinal) ? 1 : 0;
        }

        reader.Dispose();
        response.Dispose();
        http.Dispose();

        using var check = Serve.CreateHttpClient();
        JsonElement answer = default;
        for (var i = 0; i < 100; i++)
        {
            var messages = (await NativeApi.GetAsync(check, $"/api/sessions/{id}")).GetProperty("messages").EnumerateArray().ToList();
            if (messages.Count == 2)
            {
                answer = messages[1];
                break;
            }

            await Task.Delay(50);
        }

        Assert.Equal(JsonValueKind.Object, answer.ValueKind);
        Assert.True(answer.GetProperty("incomplete").GetBoolean());
        Assert.NotEmpty(answer.GetProperty("content").GetString()!);
        Assert.Equal("tiny", answer.GetProperty("profile").GetString());
    }

    private static string TestModelsPath() => ModelScale.Tests.Shared.OwnModels.Tiny;
}
