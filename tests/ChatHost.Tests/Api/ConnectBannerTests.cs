using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Client;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Terminal;
using ModelScale.ChatHost.Tests.Engine;
using ModelScale.ChatHost.Tests.Sessions;
using Spectre.Console.Testing;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>
/// `chat --connect URL` opens as a local chat does: the same load line, plan line and help line, against an in-process
/// serve that plans with the same (fixed) memory as the local session.
/// </summary>
public sealed partial class ConnectBannerTests
{
    private static async Task<IReadOnlyList<string>> BannerAsync(IChatSession session)
    {
        var output = new TestConsole();
        var status = new TestConsole();
        output.Profile.Width = status.Profile.Width = 400;
        using var interrupts = new InterruptHandler();
        var repl = new ChatRepl(session, new ReplConsoles(output, status, Interactive: true), new StringReader("/exit\n"), interrupts, new ReplOptions { Profile = "stories" });

        Assert.True(await repl.RunAsync());

        // The load time differs from run to run, and the sizes with the engine's settings (a service plans for its parallel slots).
        return status.Output.Split('\n').Select(l => Size().Replace(Duration().Replace(l.TrimEnd('\r'), "TIME"), "SIZE")).Where(l => l.Length > 0).ToList();
    }

    [Fact]
    public async Task AConnectedChat_PrintsTheSameBanner_AsALocalChat()
    {
        await using var local = new SessionFactory();
        var here = await BannerAsync(local.Session);

        await using var serve = await ServeInstance.StartAsync(services: s => s.AddSingleton<IMemoryInventory>(new FixedMemoryInventory()));
        await using var remote = new RemoteChatSession(new HttpClient { BaseAddress = serve.BaseUrl });
        var there = await BannerAsync(remote);

        Assert.Contains(here, l => l.StartsWith("stories (stories260K): loaded in TIME · ctx ", StringComparison.Ordinal));
        Assert.Contains(here, l => l.StartsWith("plan: ", StringComparison.Ordinal));
        Assert.Contains(here, l => l.StartsWith("Type a message, or /help.", StringComparison.Ordinal));
        Assert.Equal(here, there);
    }

    [GeneratedRegex(@"\d+(\.\d+)? (ms|s)\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"\d+(\.\d+)? (B|KiB|MiB|GiB)\b")]
    private static partial Regex Size();
}
