using Microsoft.Playwright;
using ModelScale.ChatHost.Tests.Api;
using ModelScale.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace ModelScale.ChatHost.Tests.Web;

/// <summary>
/// Takes the README's screenshots of each view at 1280 and 390 px wide, after a real chat and a real comparison (on
/// stories260K from ../shared/models when present, whose answers read like text, else on the own random models).
/// They go to the folder MODELSCALE_WEB_SCREENSHOTS names (docs/web to refresh the committed ones), else to a temporary
/// folder; either way each must be a non-empty PNG taken without a script error.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebScreenshotTests(BrowserFixture fixture)
{
    public const string Variable = "MODELSCALE_WEB_SCREENSHOTS";

    [ChromiumFact]
    public async Task EveryView_AtBothWidths_IsCaptured()
    {
        var folder = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named
            ? Path.GetFullPath(named)
            : Path.Combine(Path.GetTempPath(), $"modelscale-web-shots-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var real = TestModels.MissingReason is null;
        await using var serve = await ServeInstance.StartAsync(extraProfiles: real
            ? $$"""{ "id": "stories260k", "displayName": "stories260K", "path": {{System.Text.Json.JsonSerializer.Serialize(TestModels.Stories260K)}}, "contextLength": 512 }"""
            : null);
        var model = real ? "stories260k" : "stories";

        using (var http = serve.CreateHttpClient())
        {
            var first = await NativeApi.CreateSessionAsync(http, $$"""{"profile":"{{model}}","title":"A story about a dog","temperature":0,"seed":7,"maxTokens":48}""");
            await NativeApi.SendAsync(http, first, "Once upon a time, there was a little dog.");
            await NativeApi.SendAsync(http, first, "What did the dog find?");
            await NativeApi.CreateSessionAsync(http, """{"profile":"tiny","title":"Trying the other tier"}""");
        }

        var shots = new List<string>();
        foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
        {
            await using var web = await fixture.OpenAsync(serve, width, height);
            await web.GotoAsync("#chat");
            if (await web.Page.Locator("#toggle-sessions").IsVisibleAsync())
            {
                await web.Page.Locator("#toggle-sessions").ClickAsync();
            }

            await web.Page.Locator("#session-list li[data-id] .open", new() { HasText = "A story about a dog" }).First.ClickAsync();
            await Expect(web.Page.Locator(".msg.assistant .meta")).ToHaveCountAsync(2);
            shots.Add(await ShootAsync(web.Page, folder, $"chat-{width}.png"));

            await web.Page.GotoAsync("/#compare");
            await web.Page.Locator($"#compare-tiers input[value={model}]").CheckAsync();
            await web.Page.Locator("#compare-tiers input[value=tiny]").CheckAsync();
            await web.Page.Locator("#conversation-file").SetInputFilesAsync(new FilePayload
            {
                Name = "story.json",
                MimeType = "application/json",
                Buffer = System.Text.Encoding.UTF8.GetBytes("""
                    { "version": 1, "sampling": { "seed": 3, "temperature": 0, "maxTokens": 32 },
                      "turns": [ { "user": "Tell me a story about a cat.", "reference": "Tom the cat liked to play in the garden.", "expect": ["cat"] } ] }
                    """),
            });
            await web.Page.Locator("#run-compare").ClickAsync();
            await Expect(web.Page.Locator(".verdict-table tbody tr")).ToHaveCountAsync(2, new() { Timeout = 120_000 });
            await web.Page.Locator(width > 600 ? "#compare-progress" : ".report").ScrollIntoViewIfNeededAsync();
            await web.Page.EvaluateAsync($"() => document.querySelector('{(width > 600 ? "#compare-progress" : ".report")}').scrollIntoView()");
            shots.Add(await ShootAsync(web.Page, folder, $"compare-{width}.png"));

            await web.Page.GotoAsync("/#tiers");
            await Expect(web.Page.Locator(".tier dl").First).ToBeVisibleAsync();
            await web.Page.WaitForFunctionAsync("() => ![...document.querySelectorAll('.tier .plan')].some(p => p.textContent === 'Planning…')");
            shots.Add(await ShootAsync(web.Page, folder, $"tiers-{width}.png"));
            Assert.Empty(web.Errors);
        }

        // The system's dark mode: the page follows prefers-color-scheme.
        await using (var dark = await fixture.OpenAsync(serve, dark: true))
        {
            await dark.GotoAsync("#chat");
            await dark.Page.Locator("#session-list li[data-id] .open", new() { HasText = "A story about a dog" }).First.ClickAsync();
            await Expect(dark.Page.Locator(".msg.assistant .meta")).ToHaveCountAsync(2);
            Assert.Equal("rgb(17, 20, 24)", await dark.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
            shots.Add(await ShootAsync(dark.Page, folder, "chat-1280-dark.png"));
        }

        Assert.All(shots, s => Assert.True(new FileInfo(s).Length > 1000, $"{s} is empty."));
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 })
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> ShootAsync(IPage page, string folder, string name)
    {
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Type = ScreenshotType.Png, Scale = ScreenshotScale.Css });
        return path;
    }
}
