using System.Net;
using System.Text;
using System.Text.Json;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>POST /api/replay over a real served instance: the report JSON, and the request's mistakes as 400s.</summary>
[Collection(ServeCollection.Name)]
public sealed class ReplayApiTests(ServeFixture fixture)
{
    private const string Conversation = """
        { "version": 1, "sampling": { "seed": 42, "temperature": 0, "maxTokens": 6 },
          "turns": [ { "user": "Once upon a time", "expect": ["girl"] }, { "user": "And then?" } ] }
        """;

    private ServeInstance Serve => fixture.Instance;

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string json)
    {
        using var http = Serve.CreateHttpClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/api/replay", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AReplay_ReturnsTheReportJsonWithEveryProfile()
    {
        var (status, body) = await PostAsync($$"""{ "profiles": ["stories", "tiny", "70b"], "conversation": {{Conversation}} }""");

        Assert.True(status == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        var profiles = root.GetProperty("profiles").EnumerateArray().ToList();
        Assert.Equal(["stories", "tiny", "70b"], profiles.Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(2, profiles[0].GetProperty("answers").GetArrayLength());
        Assert.Equal("skipped", profiles[2].GetProperty("status").GetString());

        // The 70B is not on disk: planned from its shape, with the command that gets it, and the speeds are the warm ones.
        Assert.True(profiles[2].GetProperty("planned").GetBoolean());
        Assert.Equal("modelscale pull 70b", profiles[2].GetProperty("obtain").GetString());
        Assert.True(profiles[2].GetProperty("plan").GetProperty("predictedRamBytes").GetInt64() > 0);
        Assert.Equal(1, root.GetProperty("repeat").GetInt32());
        Assert.True(root.GetProperty("warmUp").GetBoolean());
        Assert.True(profiles[0].GetProperty("speed").GetProperty("warmedUp").GetBoolean());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("warnings").ValueKind);
    }

    [Theory]
    [InlineData("""{ "conversation": {} }""", "profiles")]
    [InlineData("""{ "profiles": ["/etc/passwd"], "conversation": { "version": 1, "turns": [ { "user": "hi" } ] } }""", "is a path")]
    [InlineData("""{ "profiles": ["nope"], "conversation": { "version": 1, "turns": [ { "user": "hi" } ] } }""", "nope")]
    [InlineData("""{ "profiles": ["stories"] }""", "conversation")]
    [InlineData("""{ "profiles": ["stories"], "conversation": { "version": 1, "turns": [] } }""", "no turns")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{ "profiles": ["stories"], "conversation": { "version": 1, "turns": [ { "user": "hi" } ] }, "repeat": 0 }""", "\"repeat\" must be a whole number from 1 to 100")]
    [InlineData("""{ "profiles": ["stories"], "conversation": { "version": 1, "turns": [ { "user": "hi" } ] }, "repeat": "3" }""", "\"repeat\" must be a whole number")]
    public async Task Mistakes_Are4xxWithAnOpenaiStyleError(string json, string expected)
    {
        var (status, body) = await PostAsync(json);

        Assert.True((int)status is >= 400 and < 500, $"{status}: {body}");
        using var error = JsonDocument.Parse(body);
        Assert.Contains(expected, error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
