using System.Diagnostics;
using System.Net;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>A client that goes away mid-stream: its generation is cancelled within a second and the model is free again.</summary>
[Collection(ServeCollection.Name)]
public sealed class DisconnectTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    [Fact]
    public async Task ClientDisconnectMidStream_CancelsTheGenerationWithinOneSecond()
    {
        // tiny-random rarely ends on its own: 4000 tokens take a few seconds, far longer than the test waits.
        var finished = new TaskCompletionSource<GenerationFinished>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnFinished(GenerationFinished f)
        {
            if (f.ProfileId == "tiny")
            {
                finished.TrySetResult(f);
            }
        }

        Serve.Monitor.Finished += OnFinished;
        try
        {
            // No draining on dispose: the client closes its connection at once, as a killed curl does.
            var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero }) { BaseAddress = Serve.BaseUrl };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent("""{"model":"tiny","stream":true,"max_tokens":4000,"temperature":0,"messages":[{"role":"user","content":"Go on and on"}]}""", System.Text.Encoding.UTF8, "application/json"),
            };
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var dataLines = 0;
            while (dataLines < 5 && await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    dataLines++;
                }
            }

            Assert.Equal(5, dataLines);
            Assert.False(finished.Task.IsCompleted, "the generation ended before the client went away");

            // Measured from the disposal to the engine's own timestamp of the end, not to when this test thread runs again.
            var goneAt = Stopwatch.GetTimestamp();
            reader.Dispose();
            response.Dispose();
            http.Dispose();
            var outcome = await finished.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var latency = Stopwatch.GetElapsedTime(goneAt, outcome.Timestamp);

            Assert.Equal(FinishReasons.Cancelled, outcome.Outcome);
            Assert.True(latency < TimeSpan.FromSeconds(1), $"cancelled after {latency.TotalMilliseconds:F0} ms");
            Assert.True(outcome.Stats is null || outcome.Stats.CompletionTokens < 4000);
            Console.WriteLine($"disconnect cancel latency: {latency.TotalMilliseconds:F0} ms");

            // The slot is free: the next request on the same model is answered at once.
            using var next = Serve.CreateHttpClient();
            using var answer = await ApiAssert.PostAsync(next, "/v1/chat/completions", """{"model":"tiny","max_tokens":3,"messages":[{"role":"user","content":"Hi"}]}""");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(0, Serve.Monitor.Active);
        }
        finally
        {
            Serve.Monitor.Finished -= OnFinished;
        }
    }
}
