using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Service;

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

    [Theory]
    [InlineData("http://loopback:11435")]
    [InlineData("http://LOOPBACK:11435")]
    [InlineData("http://example.invalid:11435")]
    [InlineData("http://127.0.0.1.nip.io:11435")]
    public void AHostNameOtherThanLocalhost_IsRefusedWithoutAKey_BecauseKestrelBindsItToEveryAddress(string urls)
    {
        var (_, error) = BindAddresses.Check(urls, hasApiKey: false);

        Assert.NotNull(error);
        Assert.Contains("every address", error, StringComparison.Ordinal);
        Assert.False(BindAddresses.IsLoopback(new Uri(urls)));
    }

    [Theory]
    [InlineData("http://user:pw@127.0.0.1:11435")]
    [InlineData("http://user@localhost:11435")]
    public void UserInformation_IsRefused_EvenWithAKey_AndThePasswordIsNotRepeated(string urls)
    {
        var (_, error) = BindAddresses.Check(urls, hasApiKey: true);

        Assert.NotNull(error);
        Assert.Contains("user name or password", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:11435/v1")]
    [InlineData("http://127.0.0.1:11435/?x=1")]
    [InlineData("http://127.0.0.1:11435/#top")]
    public void APathQueryOrFragment_IsOneSentence(string urls) =>
        Assert.Contains("path, query or fragment", BindAddresses.Check(urls, hasApiKey: false).Error, StringComparison.Ordinal);

    [Theory]
    [InlineData("http://loopback:0")]
    [InlineData("http://u:p@127.0.0.1:0")]
    public void Serve_RefusesToBuild_SoKestrelNeverListensOnEveryAddress(string urls)
    {
        var ex = Assert.Throws<ServeException>(() => ModelScale.ChatHost.Hosting.ModelScaleServer.Build(
            new ServeOptions { Urls = urls, DataDirectory = Path.Combine(Path.GetTempPath(), $"modelscale-bind-{Guid.NewGuid():N}") },
            new ModelScale.ChatHost.Hosting.CommonSettings()));
        Assert.DoesNotContain('\n', ex.Message);
    }
}
