using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using ModelScale.ChatHost.Tests.Api;
using ModelScale.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace ModelScale.ChatHost.Tests.Web;

/// <summary>The web page's flows in a real browser (Debian's Chromium through Playwright) against a real `serve`.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebPageTests(BrowserFixture fixture)
{
    private ServeInstance Serve => fixture.Serve;

    [ChromiumFact]
    public async Task Chat_SendingAMessage_StreamsTheAnswerAndShowsItsStats()
    {
        await using var web = await fixture.OpenAsync();
        await web.GotoAsync("#chat");
        // Long enough (a few hundred milliseconds here) that the answer's pieces reach the page in more than one read,
        // even when the machine is busy; 40 tokens sometimes arrived in one.
        await SetMaxTokensAsync(web.Page, 200);

        // Count the distinct lengths the answer shows while it is still streaming: more than one means it streamed.
        await web.Page.EvaluateAsync("""
            () => {
              window.__streamed = new Set();
              new MutationObserver(() => {
                const a = document.querySelector('.msg.assistant.streaming .md');
                if (a && a.textContent.length) window.__streamed.add(a.textContent.length);
              }).observe(document.getElementById('messages'), { subtree: true, childList: true, characterData: true });
            }
            """);
        await SendAsync(web.Page, "Once upon a time");

        var answer = web.Page.Locator(".msg.assistant").Last;
        await Expect(answer.Locator(".meta")).ToContainTextAsync("tokens", new() { Timeout = 60_000 });
        await Expect(answer.Locator(".meta")).ToContainTextAsync("TTFT");
        await Expect(answer.Locator(".meta")).ToContainTextAsync("tok/s");
        await Expect(answer.Locator(".meta .finish")).ToHaveTextAsync("length");
        await Expect(answer.Locator(".tag")).ToHaveTextAsync("stories");
        Assert.True(await web.Page.EvaluateAsync<int>("() => window.__streamed.size") > 1, "The answer appeared at once instead of streaming.");
        Assert.False(string.IsNullOrWhiteSpace(await answer.Locator(".md").TextContentAsync()));
        await Expect(web.Page.Locator("#session-list li.current")).ToHaveCountAsync(1);
        Assert.Empty(web.Errors);
    }

    [ChromiumFact]
    public async Task Chat_StopButton_EndsTheAnswerAndTheServerStoresItAsIncomplete()
    {
        await using var web = await fixture.OpenAsync();
        await web.GotoAsync();

        // No token limit: a random model talks until its 512-token context is full, long enough to be stopped.
        await SendAsync(web.Page, "Tell me everything");
        var answer = web.Page.Locator(".msg.assistant").Last;
        await Expect(answer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("streaming"));
        await web.Page.WaitForFunctionAsync("() => document.querySelector('.msg.assistant.streaming .md')?.textContent.length > 0");
        await web.Page.Locator("#stop").ClickAsync();

        await Expect(answer.Locator(".meta .finish")).ToContainTextAsync("stopped");
        await Expect(web.Page.Locator("#send")).ToBeVisibleAsync();
        await Expect(web.Page.Locator("#stop")).ToBeHiddenAsync();

        var id = await CurrentSessionIdAsync(web.Page);
        using var http = Serve.CreateHttpClient();
        var messages = await MessagesAsync(http, id);
        await WaitUntilAsync(async () => (messages = await MessagesAsync(http, id)).Length == 2);
        Assert.True(messages[1].GetProperty("incomplete").GetBoolean());
        Assert.Empty(web.Errors);
    }

    [ChromiumFact]
    public async Task Chat_SwitchingTierMidSession_KeepsTheEarlierTurns()
    {
        await using var web = await fixture.OpenAsync();
        await web.GotoAsync();
        await SetMaxTokensAsync(web.Page, 6);
        await SendAsync(web.Page, "First question");
        await Expect(web.Page.Locator(".msg.assistant .meta")).ToHaveCountAsync(1, new() { Timeout = 60_000 });

        await web.Page.Locator("#tier").SelectOptionAsync("tiny");
        await Expect(web.Page.Locator(".notice").Last).ToContainTextAsync("2 messages carried over", new() { Timeout = 60_000 });
        await SendAsync(web.Page, "Second question");
        await Expect(web.Page.Locator(".msg.assistant .meta")).ToHaveCountAsync(2, new() { Timeout = 60_000 });

        // Opened again from the list (as after a restart of the page): both turns, each answer with its tier, and the switch.
        var id = await CurrentSessionIdAsync(web.Page);
        await web.GotoAsync();
        await web.Page.Locator($"#session-list li[data-id='{id}'] .open").ClickAsync();
        await Expect(web.Page.Locator(".msg.user")).ToHaveTextAsync(["First question", "Second question"]);
        await Expect(web.Page.Locator(".msg.assistant .tag")).ToHaveTextAsync(["stories", "tiny"]);
        await Expect(web.Page.Locator(".notice")).ToContainTextAsync("Switched from stories to tiny");
        await Expect(web.Page.Locator("#tier")).ToHaveValueAsync("tiny");
        Assert.Empty(web.Errors);
    }

    [ChromiumFact]
    public async Task Sessions_RenameAndDelete_FromTheList_AndTheListSurvivesARestart()
    {
        var data = Path.Combine(Path.GetTempPath(), $"modelscale-web-{Guid.NewGuid():N}");
        string kept;
        string doomed;
        await using (var first = await ServeInstance.StartAsync(dataDirectory: data))
        {
            using var http = first.CreateHttpClient();
            kept = await NativeApi.CreateSessionAsync(http, """{"profile":"stories","title":"Keep me"}""");
            doomed = await NativeApi.CreateSessionAsync(http, """{"profile":"tiny","title":"Delete me"}""");
            await using var web = await fixture.OpenAsync(first);
            await web.GotoAsync();

            await web.Page.Locator($"#session-list li[data-id='{kept}'] .rename").ClickAsync();
            await web.Page.Locator("#ask-input").FillAsync("Renamed in the page");
            await web.Page.Keyboard.PressAsync("Enter");
            await Expect(web.Page.Locator($"#session-list li[data-id='{kept}'] .open span")).ToHaveTextAsync("Renamed in the page");

            await web.Page.Locator($"#session-list li[data-id='{doomed}'] .delete").ClickAsync();
            await Expect(web.Page.Locator("#ask-message")).ToContainTextAsync("Delete me");
            await web.Page.Locator("#ask-ok").ClickAsync();
            await Expect(web.Page.Locator($"#session-list li[data-id='{doomed}']")).ToHaveCountAsync(0);
            using var gone = await http.GetAsync(new Uri($"/api/sessions/{doomed}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Empty(web.Errors);
        }

        await using (var second = await ServeInstance.StartAsync(dataDirectory: data))
        await using (var again = await fixture.OpenAsync(second))
        {
            await again.GotoAsync();
            await Expect(again.Page.Locator("#session-list li[data-id] .open span")).ToHaveTextAsync(["Renamed in the page"]);
        }

        Directory.Delete(data, recursive: true);
    }

    [ChromiumFact]
    public async Task Compare_AnUploadedConversationOnBothTestModels_ShowsTheTableAndTheAnswersSideBySide()
    {
        await using var web = await fixture.OpenAsync();
        await web.GotoAsync("#compare");
        await web.Page.Locator("#compare-tiers input[value=stories]").CheckAsync();
        await web.Page.Locator("#compare-tiers input[value=tiny]").CheckAsync();
        await web.Page.Locator("#conversation-file").SetInputFilesAsync(new FilePayload
        {
            Name = "two-turns.json",
            MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes("""
                { "version": 1, "sampling": { "seed": 1, "temperature": 0, "maxTokens": 6 },
                  "turns": [ { "user": "Say hello.", "reference": "Hello.", "expect": ["hello"] }, { "user": "Say bye." } ] }
                """),
        });
        await Expect(web.Page.Locator("input[name=source][value=file]")).ToBeCheckedAsync();
        await web.Page.Locator("#run-compare").ClickAsync();
        await Expect(web.Page.Locator("#compare-progress-text")).ToContainTextAsync("Playing 2 turns on 2 tiers");

        var rows = web.Page.Locator(".verdict-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2, new() { Timeout = 120_000 });
        await Expect(rows.Nth(0)).ToContainTextAsync("stories");
        await Expect(rows.Nth(1)).ToContainTextAsync("tiny");
        await Expect(rows.Nth(0).Locator("td").Nth(1)).ToHaveTextAsync("completed");
        await Expect(web.Page.Locator(".report .verdict")).ToBeVisibleAsync();
        await Expect(web.Page.Locator(".turn")).ToHaveCountAsync(2);
        await Expect(web.Page.Locator(".turn").First.Locator(".side .msg")).ToHaveCountAsync(2);
        await Expect(web.Page.Locator(".turn").First.Locator(".reference")).ToHaveTextAsync("Reference: Hello.");
        await Expect(web.Page.Locator("#compare-progress-text")).ToContainTextAsync("Done in");
        Assert.Empty(web.Errors);
    }

    [ChromiumFact]
    public async Task Compare_TheCurrentChat_ReplaysItsTurnsWithItsAnswersAsReferences()
    {
        await using var web = await fixture.OpenAsync();
        await web.GotoAsync();
        await SetMaxTokensAsync(web.Page, 5);
        await SendAsync(web.Page, "A question to replay");
        var answer = web.Page.Locator(".msg.assistant").Last;
        await Expect(answer.Locator(".meta")).ToContainTextAsync("tokens", new() { Timeout = 60_000 });
        var answered = (await answer.Locator(".md").TextContentAsync())!;

        await web.Page.Locator("#nav-compare").ClickAsync();
        await Expect(web.Page.Locator("input[name=source][value=current]")).ToBeCheckedAsync();
        await web.Page.Locator("#compare-tiers input[value=tiny]").CheckAsync();
        await web.Page.Locator("#run-compare").ClickAsync();
        await Expect(web.Page.Locator(".verdict-table tbody tr")).ToHaveCountAsync(1, new() { Timeout = 120_000 });
        await Expect(web.Page.Locator(".turn .prompt")).ToHaveTextAsync("1. A question to replay");
        await Expect(web.Page.Locator(".turn .reference")).ToHaveTextAsync($"Reference: {answered}");
        Assert.Empty(web.Errors);
    }

    [ChromiumFact]
    public async Task Tiers_ShowEachProfilesPlanAndOnDiskState()
    {
        await using var web = await fixture.OpenAsync();
        await web.GotoAsync("#tiers");
        var stories = web.Page.Locator(".tier[data-id=stories]");
        await Expect(stories).ToContainTextAsync("on disk");
        await Expect(stories.Locator("dl")).ToContainTextAsync("GPU layers");
        await Expect(stories.Locator("dl")).ToContainTextAsync("needed");
        await Expect(stories.Locator("dl dd").First).ToHaveTextAsync("yes");
        // What its embeddings context would add, which the plan counts apart from the chat context.
        await Expect(stories.Locator("dl")).ToContainTextAsync("when first asked");

        // A built-in tier that is not downloaded: planned from its shape, with a download button.
        var missing = web.Page.Locator(".tier:has(.badge.warn)").First;
        await Expect(missing).ToContainTextAsync("not downloaded");
        await Expect(missing.Locator("dl")).ToContainTextAsync("RAM");
        await Expect(missing.Locator(".pull button")).ToContainTextAsync("Download");
        Assert.Empty(web.Errors);
    }

    [ChromiumFact]
    public async Task Answers_WithMarkupInThem_AreShownAsTextAndNeverRun()
    {
        using var http = Serve.CreateHttpClient();
        var id = await NativeApi.CreateSessionAsync(http, """{"profile":"stories","title":"Hostile answer"}""");
        const string hostile = "Look: <script>window.__xss = 'script'</script> <img src=x onerror=\"window.__xss = 'img'\"> "
            + "[click](javascript:window.__xss='link') **bold** `<b>code</b>`\n\n```html\n<img src=y onerror=window.__xss='code'>\n```";
        using var body = new StringContent(
            JsonSerializer.Serialize(new { version = 1, turns = new[] { new { user = "<img src=z onerror=\"window.__xss='user'\">", reference = hostile } } }),
            System.Text.Encoding.UTF8,
            "application/json");
        using var import = await http.PutAsync(new Uri($"/api/sessions/{id}/conversation", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);

        await using var web = await fixture.OpenAsync();
        await web.GotoAsync();
        await web.Page.Locator($"#session-list li[data-id='{id}'] .open").ClickAsync();
        var answer = web.Page.Locator(".msg.assistant");
        await Expect(answer).ToContainTextAsync("<script>window.__xss = 'script'</script>");
        await Expect(answer).ToContainTextAsync("<img src=x onerror=");
        await Expect(answer.Locator("strong")).ToHaveTextAsync("bold");
        await Expect(answer.Locator("pre code")).ToHaveTextAsync("<img src=y onerror=window.__xss='code'>");
        await Expect(web.Page.Locator(".msg.user")).ToContainTextAsync("<img src=z");
        Assert.Equal(0, await web.Page.Locator("#messages img, #messages script, #messages a[href^=javascript]").CountAsync());
        await web.Page.WaitForTimeoutAsync(200);
        Assert.Null(await web.Page.EvaluateAsync<string?>("() => window.__xss ?? null"));
        Assert.Empty(web.Errors);
    }

    [ChromiumFact]
    public async Task StreamedAnswer_WithMarkupInIt_IsShownAsTextAndNeverRuns()
    {
        const string hostile = "<script>window.__xss='script'</script><img src=x onerror=\"window.__xss='img'\"> and <svg onload=\"window.__xss='svg'\"></svg> done";
        await using var remote = await FixedAnswerServer.StartAsync(hostile);
        await using var serve = await ServeInstance.StartAsync(
            extraProfiles: $$"""{ "id": "hostile", "displayName": "A hostile remote", "remote": { "baseUrl": "{{remote.BaseUrl}}", "model": "fixed" } }""");
        await using var web = await fixture.OpenAsync(serve);
        await web.GotoAsync();
        await Expect(web.Page.Locator("#tier option[value=hostile]")).ToContainTextAsync("remote");
        await web.Page.Locator("#tier").SelectOptionAsync("hostile");
        await SendAsync(web.Page, "Say something");

        var answer = web.Page.Locator(".msg.assistant").Last;
        await Expect(answer.Locator(".meta .finish")).ToHaveTextAsync("stop", new() { Timeout = 60_000 });
        await Expect(answer.Locator(".md")).ToHaveTextAsync(hostile);
        Assert.Equal(0, await web.Page.Locator("#messages img, #messages script, #messages svg").CountAsync());
        await web.Page.WaitForTimeoutAsync(200);
        Assert.Null(await web.Page.EvaluateAsync<string?>("() => window.__xss ?? null"));
        Assert.Empty(web.Errors);
    }

    [ChromiumFact]
    public async Task KeyedServer_AsksForTheKey_ThenWorksWithIt_AndServesNothingElseWithoutIt()
    {
        const string key = "web-test-key";
        await using var keyed = await ServeInstance.StartAsync(apiKey: key);
        using (var anonymous = keyed.CreateHttpClient())
        {
            using var shell = await anonymous.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
            using var sessions = await anonymous.GetAsync(new Uri("/api/sessions", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, sessions.StatusCode);
        }

        await using var web = await fixture.OpenAsync(keyed);
        await web.Page.GotoAsync("/");
        var dialog = web.Page.Locator("#key-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(web.Page.Locator("#key-message")).ToContainTextAsync("API key");

        await web.Page.Locator("#key-input").FillAsync("wrong-key");
        await web.Page.Keyboard.PressAsync("Enter");
        await Expect(web.Page.Locator("#key-message")).ToContainTextAsync("refused");
        await web.Page.Locator("#key-input").FillAsync(key);
        await web.Page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToBeHiddenAsync();
        await web.Page.WaitForSelectorAsync("body[data-ready=true]", new() { State = WaitForSelectorState.Attached });
        await Expect(web.Page.Locator("#tier option[value=stories]")).ToHaveCountAsync(1);
        Assert.Equal(key, await web.Page.EvaluateAsync<string>("() => sessionStorage.getItem('modelscale.apiKey')"));
    }

    [ChromiumFact]
    public async Task EveryView_FitsA390PixelScreen_AndIsReachableByKeyboard()
    {
        await using var web = await fixture.OpenAsync(width: 390, height: 844);
        foreach (var view in new[] { "#chat", "#compare", "#tiers" })
        {
            await web.GotoAsync(view);
            await web.Page.WaitForTimeoutAsync(300);
            var overflow = await web.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{view} is {overflow} px wider than a 390 px screen.");
        }

        // Keyboard only: Tab reaches the views' links, Enter follows one; in the chat, Enter in the box sends.
        await web.GotoAsync("#chat");
        await SetMaxTokensAsync(web.Page, 4);
        await web.Page.Locator("#input").FocusAsync();
        await web.Page.Keyboard.TypeAsync("Hi");
        await web.Page.Keyboard.PressAsync("Enter");
        await Expect(web.Page.Locator(".msg.assistant .meta")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await web.Page.Locator("#nav-chat").FocusAsync();
        await web.Page.Keyboard.PressAsync("Tab");
        await web.Page.Keyboard.PressAsync("Enter");
        await Expect(web.Page.Locator("#view-compare")).ToBeVisibleAsync();
        Assert.Empty(web.Errors);
    }

    private static async Task SetMaxTokensAsync(IPage page, int maxTokens)
    {
        await page.Locator("#toggle-settings").ClickAsync();
        await page.Locator("#max-tokens").FillAsync(maxTokens.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#settings button[type=submit]").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Settings saved.");
        await page.Locator("#toggle-settings").ClickAsync();
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.Locator("#input").FillAsync(text);
        await page.Locator("#input").PressAsync("Enter");
    }

    private static async Task<string> CurrentSessionIdAsync(IPage page) =>
        (await page.Locator("#session-list li.current").GetAttributeAsync("data-id"))!;

    private static async Task<JsonElement[]> MessagesAsync(HttpClient http, string id)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/sessions/{id}", UriKind.Relative)));
        return [.. json.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.Clone())];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
    }
}
