using System.Net;
using System.Text.RegularExpressions;
using ModelScale.ChatHost.Tests.Api;
using ModelScale.ChatHost.Web;

namespace ModelScale.ChatHost.Tests.Web;

/// <summary>The page's files as HTTP serves them, without a browser: headers, size, and what the key check lets through.</summary>
[Collection(ServeCollection.Name)]
public sealed partial class WebShellTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    [Fact]
    public async Task Shell_IsServedWithAStrictContentSecurityPolicy()
    {
        using var http = Serve.CreateHttpClient();
        using var response = await http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("/web/app.js", "text/javascript")]
    [InlineData("/web/app.css", "text/css")]
    [InlineData("/web/icon.svg", "image/svg+xml")]
    public async Task PageFiles_AreServedWithTheirTypeAndNosniff_AndRevalidateByETag(string path, string type)
    {
        using var http = Serve.CreateHttpClient();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var etag = response.Headers.ETag!;

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.IfNoneMatch.Add(etag);
        using var again = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task UnknownPageFile_Is404()
    {
        using var http = Serve.CreateHttpClient();
        using var response = await http.GetAsync(new Uri("/web/../models.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var other = await http.GetAsync(new Uri("/web/secret.txt", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public void EmbeddedFiles_WeighUnder150KilobytesTogether()
    {
        var total = WebAssets.All.Values.Sum(a => a.Content.Length);
        Assert.True(WebAssets.All.Count >= 4, "The page's files are not all embedded.");
        Assert.True(total < 150 * 1024, $"The page weighs {total} bytes, more than 150 KB.");
    }

    [Fact]
    public void Shell_HasNoInlineScriptStyleOrEventHandler()
    {
        var html = System.Text.Encoding.UTF8.GetString(WebAssets.All[WebAssets.Shell].Content);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineAttributes(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalUrl(), html);
    }

    [Fact]
    public void Script_NeverWritesMarkupFromStrings()
    {
        var js = System.Text.Encoding.UTF8.GetString(WebAssets.All["/web/app.js"].Content);
        Assert.DoesNotMatch(MarkupSinks(), js);
        Assert.DoesNotMatch(ExternalUrl(), js);
    }

    [Fact]
    public async Task KeyedServer_ServesThePageFilesAndHealthWithoutTheKey_AndNothingElse()
    {
        await using var keyed = await ServeInstance.StartAsync(apiKey: "shell-key");
        using var http = keyed.CreateHttpClient();
        foreach (var open in new[] { "/", "/web/app.js", "/web/app.css", "/web/icon.svg", "/health" })
        {
            using var response = await http.GetAsync(new Uri(open, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{open}: {response.StatusCode}");
        }

        foreach (var closed in new[] { "/api/sessions", "/api/profiles", "/v1/models", "/web/other.js", "/index.html", "/openapi/v1.json", "/metrics" })
        {
            using var response = await http.GetAsync(new Uri(closed, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{closed}: {response.StatusCode}");
        }

        using var post = await ApiAssert.PostAsync(http, "/", "{}");
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task RenameEndpoint_SetsAndClearsTheTitle_AndRefusesBadInput()
    {
        using var http = Serve.CreateHttpClient();
        var id = await NativeApi.CreateSessionAsync(http, """{"profile":"stories","title":"Before"}""");
        Assert.Equal("After", await TitleAsync(http, id, """{"title":"  After  "}""", HttpStatusCode.OK));
        Assert.Null(await TitleAsync(http, id, """{"title":"   "}""", HttpStatusCode.OK));

        using var tooLong = await PutAsync(http, $"/api/sessions/{id}/title", $$"""{"title":"{{new string('x', 201)}}"}""");
        await ApiAssert.ErrorAsync(tooLong, HttpStatusCode.BadRequest, param: "title");
        using var missing = await PutAsync(http, "/api/sessions/nope/title", """{"title":"x"}""");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var wrongType = await PutAsync(http, $"/api/sessions/{id}/title", """{"title":5}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        // A misspelt field is refused by name; read as absent, it would have cleared the title.
        Assert.Equal("Kept", await TitleAsync(http, id, """{"title":"Kept"}""", HttpStatusCode.OK));
        using var misspelt = await PutAsync(http, $"/api/sessions/{id}/title", """{"titel":"x"}""");
        await ApiAssert.ErrorAsync(misspelt, HttpStatusCode.BadRequest, "unsupported_parameter", "titel");
        using var stored = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"/api/sessions/{id}"));
        Assert.Equal("Kept", stored.RootElement.GetProperty("session").GetProperty("title").GetString());
    }

    private static async Task<string?> TitleAsync(HttpClient http, string id, string body, HttpStatusCode expected)
    {
        using var response = await PutAsync(http, $"/api/sessions/{id}/title", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, text);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        return json.RootElement.GetProperty("title").GetString();
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient http, string path, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return await http.PutAsync(new Uri(path, UriKind.Relative), content);
    }

    /// <summary>A script element without a src attribute.</summary>
    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    /// <summary>A style attribute or an on* event handler attribute.</summary>
    [GeneratedRegex(@"\s(style|on[a-z]+)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineAttributes();

    /// <summary>Any absolute http(s) URL: the page fetches nothing from elsewhere.</summary>
    [GeneratedRegex(@"(src|href)\s*=\s*[""']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    /// <summary>The string-to-markup sinks: innerHTML, outerHTML, insertAdjacentHTML, document.write, eval, new Function.</summary>
    [GeneratedRegex(@"\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(")]
    private static partial Regex MarkupSinks();
}
