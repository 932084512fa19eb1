using System.Diagnostics;
using OpenAI.Chat;

namespace ModelScale.ChatHost.Tests.Api;

[Collection(ServeCollection.Name)]
public sealed class ConcurrencyTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    [Fact]
    public async Task EightClientsTimesTenRequests_AllSucceed()
    {
        const int clients = 8;
        const int requests = 10;
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var client = Serve.OpenAiChat();
            for (var r = 0; r < requests; r++)
            {
                try
                {
                    var options = new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 };
                    if (r % 2 == 0)
                    {
                        ChatCompletion answer = await client.CompleteChatAsync([new UserChatMessage($"Client {c} asks question {r}")], options);
                        Assert.Equal(8, answer.Usage.OutputTokenCount);
                    }
                    else
                    {
                        var tokens = 0;
                        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage($"Client {c} streams question {r}")], options))
                        {
                            tokens = update.Usage?.OutputTokenCount ?? tokens;
                        }

                        Assert.Equal(8, tokens);
                    }
                }
                catch (Exception ex)
                {
                    lock (failures)
                    {
                        failures.Add($"client {c} request {r}: {ex.Message}");
                    }
                }
            }
        })));

        Assert.Empty(failures);
        Console.WriteLine($"8x10 concurrent: {clients * requests / clock.Elapsed.TotalSeconds:F1} requests/s");
    }
}
