using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Api;

namespace ModelScale.ChatHost.Tests.Api;

public sealed class HostAndOriginCheckTests
{
    [Theory]
    [InlineData("localhost:11435", true)]
    [InlineData("LOCALHOST.", true)]
    [InlineData("127.0.0.1:11435", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("[::1]:11435", true)]
    [InlineData("myhost.lan:11435", true)]
    [InlineData("attacker.example", false)]
    [InlineData("localhost.attacker.example", false)]
    [InlineData("192.168.1.5:11435", false)]
    [InlineData("[::]:11435", false)]
    [InlineData("", false)]
    public void Host_IsLoopbackOrAnAllowedName(string host, bool allowed) =>
        Assert.Equal(allowed, new HostHeaderCheck(["MyHost.lan"]).Allows(new HostString(host)));

    [Theory]
    [InlineData(null, true)]
    [InlineData("http://127.0.0.1:11435", true)]
    [InlineData("http://127.0.0.1:11435/", true)]
    [InlineData("https://app.example", true)]
    [InlineData("http://localhost:11435", false)]
    [InlineData("https://127.0.0.1:11435", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("null", false)]
    public void Origin_IsTheServersOwnOrOneCorsAllows(string? origin, bool allowed)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1:11435");
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        Assert.Equal(allowed, new OriginCheck(["https://app.example"]).Allows(context.Request));
    }
}
