using System.Net;
using System.Text;
using System.Text.Json;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>POST /api/replay with "stream": true: progress events while it plays, then the report and [DONE].</summary>
[Collection(ServeCollection.Name)]
public sealed class ReplayStreamTests(ServeFixture fixture)
{
    private const string Conversation = """
        { "version": 1, "sampling": { "seed": 42, "temperature": 0, "maxTokens": 4 },
          "turns": [ { "user": "Once upon a time" }, { "user": "And then?" } ] }
        """;

    private ServeInstance Serve => fixture.Instance;

    [Fact]
    public async Task StreamedReplay_SendsEachProfilesProgressInOrder_ThenTheReport()
    {
        using var http = Serve.CreateHttpClient();
        using var content = new StringContent($$"""{ "profiles": ["stories", "70b"], "conversation": {{Conversation}}, "stream": true }""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/api/replay", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var data = body.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]).ToList();
        Assert.Equal("[DONE]", data[^1]);
        var events = data[..^1].Select(d => JsonDocument.Parse(d).RootElement.Clone()).ToList();
        var types = events.Select(e => $"{e.GetProperty("type").GetString()}:{(e.TryGetProperty("profile", out var p) ? p.GetString() : "")}").ToList();
        Assert.Equal(
            ["profileStarting:stories", "profileLoaded:stories", "turnFinished:stories", "turnFinished:stories", "profileFinished:stories", "profileStarting:70b", "profileFinished:70b", "report:"],
            types);
        Assert.Equal(2, events[3].GetProperty("turn").GetInt32());
        Assert.Equal("completed", events[4].GetProperty("status").GetString());
        Assert.Equal("skipped", events[6].GetProperty("status").GetString());
        var report = events[^1].GetProperty("report");
        Assert.Equal(["stories", "70b"], report.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task StreamThatIsNotABoolean_Is400()
    {
        using var http = Serve.CreateHttpClient();
        using var content = new StringContent($$"""{ "profiles": ["stories"], "conversation": {{Conversation}}, "stream": "yes" }""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/api/replay", UriKind.Relative), content);
        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, param: "stream");
    }
}
