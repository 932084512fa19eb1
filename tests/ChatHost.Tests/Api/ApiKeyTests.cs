using System.ClientModel;
using System.Net;
using ModelScale.ChatHost.Api;

namespace ModelScale.ChatHost.Tests.Api;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task WrongOrMissingKey_Gets401_AndTheRightKeyIsServed()
    {
        await using var serve = await ServeInstance.StartAsync(apiKey: "s3cret");
        const string body = """{"model":"stories","messages":[{"role":"user","content":"Hi"}],"max_tokens":3}""";

        using (var none = serve.CreateHttpClient())
        using (var response = await ApiAssert.PostAsync(none, "/v1/chat/completions", body))
        {
            await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "missing_api_key");
        }

        using (var wrong = serve.CreateHttpClient("s3cret-not"))
        using (var response = await ApiAssert.PostAsync(wrong, "/v1/chat/completions", body))
        {
            await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_api_key");
        }

        var sdkError = await Assert.ThrowsAsync<ClientResultException>(() => serve.OpenAiChat(apiKey: "wrong").CompleteChatAsync("Hi"));
        Assert.Equal(401, sdkError.Status);

        using var health = serve.CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health")).StatusCode);
        var answer = await serve.OpenAiChat(apiKey: "s3cret").CompleteChatAsync([new OpenAI.Chat.UserChatMessage("Hi")], new OpenAI.Chat.ChatCompletionOptions { MaxOutputTokenCount = 3, Temperature = 0 });
        Assert.Equal(3, answer.Value.Usage.OutputTokenCount);
    }

    [Theory]
    [InlineData("s3cret", true)]
    [InlineData("s3cre", false)]
    [InlineData("s3cret ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void KeyCheck_MatchesOnlyTheExactKey(string? provided, bool matches) =>
        Assert.Equal(matches, new ApiKeyCheck("s3cret").Matches(provided));
}
