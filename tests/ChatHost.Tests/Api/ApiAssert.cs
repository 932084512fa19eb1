using System.Net;
using System.Text;
using System.Text.Json;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>Raw HTTP helpers: post a body as it is, and check an OpenAI-style error.</summary>
internal static class ApiAssert
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string body, CancellationToken cancellationToken = default) =>
        await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>Asserts the status and the error's shape; returns the error object.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null, string? param = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error").Clone();
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("type").GetString()));
        Assert.True(error.TryGetProperty("param", out _), "an error always has 'param' (null when none)");
        Assert.True(error.TryGetProperty("code", out _), "an error always has 'code' (null when none)");
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }

        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }

        return error;
    }
}
