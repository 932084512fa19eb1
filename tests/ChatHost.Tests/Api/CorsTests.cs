using System.Net;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Hosting;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>--cors-origins over a real Kestrel: preflight before the key check, the allowed origin echoed, others refused.</summary>
public sealed class CorsTests
{
    private const string Key = "cors-test-key";
    private const string Page = "http://localhost:3000";

    [Fact]
    public async Task APreflightFromAnAllowedOrigin_IsAnsweredWithoutTheKey()
    {
        await using var serve = await ServeInstance.StartAsync(apiKey: Key, serve: o => o.CorsOrigins = [Page]);
        using var http = serve.CreateHttpClient();

        using var response = await http.SendAsync(Preflight("/v1/chat/completions", Page));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Page, Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Single(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("authorization", Single(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ARequestFromAnAllowedOrigin_GetsTheAllowOriginHeader_AndStillNeedsTheKey()
    {
        await using var serve = await ServeInstance.StartAsync(apiKey: Key, serve: o => o.CorsOrigins = [Page + "/"]);
        using var withKey = serve.CreateHttpClient(Key);
        using var withoutKey = serve.CreateHttpClient();

        using var allowed = await withKey.SendAsync(WithOrigin(HttpMethod.Get, "/v1/models", Page));
        using var refused = await withoutKey.SendAsync(WithOrigin(HttpMethod.Get, "/v1/models", Page));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(Page, Single(allowed, "Access-Control-Allow-Origin"));
        Assert.Contains(ChatCompletionsEndpoint.SeedHeader, Single(allowed, "Access-Control-Expose-Headers"), StringComparison.OrdinalIgnoreCase);
        await ApiAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "missing_api_key");
    }

    [Fact]
    public async Task AForeignOrigin_IsRefused_PreflightToo()
    {
        await using var serve = await ServeInstance.StartAsync(apiKey: Key, serve: o => o.CorsOrigins = [Page]);
        using var http = serve.CreateHttpClient(Key);

        using var preflight = await http.SendAsync(Preflight("/v1/chat/completions", "http://evil.example"));
        using var request = await http.SendAsync(WithOrigin(HttpMethod.Get, "/v1/models", "http://localhost:3001"));

        await ApiAssert.ErrorAsync(preflight, HttpStatusCode.Forbidden, "origin_not_allowed");
        await ApiAssert.ErrorAsync(request, HttpStatusCode.Forbidden, "origin_not_allowed");
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task WithoutCorsOrigins_NoOriginIsAllowed()
    {
        await using var serve = await ServeInstance.StartAsync();
        using var http = serve.CreateHttpClient();

        using var preflight = await http.SendAsync(Preflight("/v1/chat/completions", Page));
        using var sameOrigin = await http.SendAsync(WithOrigin(HttpMethod.Get, "/v1/models", serve.BaseUrl.GetLeftPart(UriPartial.Authority)));

        await ApiAssert.ErrorAsync(preflight, HttpStatusCode.Forbidden, "origin_not_allowed");
        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        Assert.False(sameOrigin.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AnyOrigin_OnLoopbackWithoutAKey_AnswersEveryPage()
    {
        await using var serve = await ServeInstance.StartAsync(serve: o => o.CorsOrigins = [CorsOrigins.Any]);
        using var http = serve.CreateHttpClient();

        using var preflight = await http.SendAsync(Preflight("/api/chat", "https://some.site.example"));
        using var request = await http.SendAsync(WithOrigin(HttpMethod.Get, "/v1/models", "https://other.example:8443"));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("*", Single(preflight, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        Assert.Equal("*", Single(request, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("http://localhost:3000/app")]
    [InlineData("localhost:3000")]
    [InlineData("ftp://example.com")]
    [InlineData("http://*.example.com")]
    public void AnOriginThatIsNotOne_IsOneSentence(string origin)
    {
        var (origins, error) = CorsOrigins.Parse($"http://localhost:3000;{origin}");

        Assert.Empty(origins);
        Assert.Contains($"'{origin}'", error, StringComparison.Ordinal);
        var ex = Assert.ThrowsAny<Exception>(() => ModelScaleServer.Build(
            new ServeOptions { Urls = "http://127.0.0.1:0", CorsOrigins = [origin] },
            new CommonSettings()));
        Assert.Contains("--cors-origins", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnyOrigin_OnANonLoopbackAddressWithoutAKey_IsRefused()
    {
        var failure = new ServeOptionsValidator().Validate(null, new ServeOptions { Urls = "http://0.0.0.0:11435", CorsOrigins = [CorsOrigins.Any] });

        Assert.True(failure.Failed);
        Assert.Contains(failure.Failures!, f => f.Contains("--cors-origins '*'", StringComparison.Ordinal));
        Assert.True(new ServeOptionsValidator().Validate(null, new ServeOptions { Urls = "http://0.0.0.0:11435", ApiKey = Key, CorsOrigins = [CorsOrigins.Any] }).Succeeded);
    }

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = WithOrigin(HttpMethod.Options, path, origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return request;
    }

    private static HttpRequestMessage WithOrigin(HttpMethod method, string path, string origin)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.GetValues(header));
}
