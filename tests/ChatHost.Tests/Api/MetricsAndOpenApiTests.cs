using System.Net;

namespace ModelScale.ChatHost.Tests.Api;

[Collection(ServeCollection.Name)]
public sealed class MetricsAndOpenApiTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    [Fact]
    public async Task Metrics_AreServedForPrometheus_WithRequestsTokensTimeToFirstTokenAndQueue()
    {
        using var http = Serve.CreateHttpClient();
        using (var answer = await ApiAssert.PostAsync(http, "/v1/chat/completions", """{"model":"stories","max_tokens":3,"temperature":0,"messages":[{"role":"user","content":"Hi"}]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        // The exporter collects on scrape; a metric recorded just now can need one more scrape to appear.
        var text = string.Empty;
        for (var i = 0; i < 20 && !text.Contains("modelscale_time_to_first_token", StringComparison.Ordinal); i++)
        {
            text = await http.GetStringAsync("/metrics");
            await Task.Delay(100);
        }

        Assert.Contains("modelscale_requests", text);
        Assert.Contains("modelscale_tokens", text);
        Assert.Contains("modelscale_time_to_first_token", text);
        Assert.Contains("modelscale_queue_waiting", text);
        Assert.Contains("profile=\"stories\"", text);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheEndpoints()
    {
        using var http = Serve.CreateHttpClient();

        var document = await http.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/v1/chat/completions\"", document);
        Assert.Contains("\"/v1/models\"", document);
        Assert.Contains("\"/api/sessions/{id}/messages\"", document);
        Assert.Contains("\"/api/plan/{profile}\"", document);
    }
}
