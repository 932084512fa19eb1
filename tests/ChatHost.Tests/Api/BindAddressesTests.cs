using ModelScale.ChatHost.Api;

namespace ModelScale.ChatHost.Tests.Api;

public sealed class BindAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:11435")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    [InlineData("http://127.0.0.2:8080;http://localhost:9090")]
    public void LoopbackAddresses_AreServedWithoutAKey(string urls)
    {
        var (parsed, error) = BindAddresses.Check(urls, hasApiKey: false);
        Assert.Null(error);
        Assert.NotEmpty(parsed);
    }

    [Theory]
    [InlineData("http://0.0.0.0:11435")]
    [InlineData("http://*:11435")]
    [InlineData("http://+:11435")]
    [InlineData("http://192.168.1.5:11435")]
    [InlineData("http://127.0.0.1:1;http://[::]:2")]
    public void OtherAddresses_AreRefusedWithoutAKey_AndAllowedWithOne(string urls)
    {
        var (_, error) = BindAddresses.Check(urls, hasApiKey: false);
        Assert.NotNull(error);
        Assert.Contains("--api-key", error);

        Assert.Null(BindAddresses.Check(urls, hasApiKey: true).Error);
    }

    [Theory]
    [InlineData("127.0.0.1:80")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData(";")]
    public void NotAUrl_IsOneSentence(string urls) => Assert.NotNull(BindAddresses.Check(urls, hasApiKey: true).Error);
}
