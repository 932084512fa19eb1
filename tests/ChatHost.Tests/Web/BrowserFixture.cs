using Microsoft.Playwright;
using ModelScale.ChatHost.Tests.Api;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Web;

/// <summary>
/// The system's Chromium, driven by Playwright (launched by path: no browser download), and one served instance over
/// the two own test models ("stories" and "tiny"), shared by the tests of the "web" collection. Nothing starts when
/// this machine has no Chromium: every test of the collection is a <see cref="ChromiumFactAttribute"/> and is skipped.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ServeInstance? _serve;

    /// <summary>
    /// Playwright's own list of Chromium features it turns off, plus the omnibox popup's WebUI: Chromium builds that
    /// popup in a renderer of its own for every window, so every test's browser context paid for an extra renderer
    /// (about 0.6 s of CPU) that headless tests never show. Chromium reads only the last --disable-features, so the
    /// list repeats Playwright's (as of 1.64) instead of replacing it.
    /// </summary>
    private const string DisabledFeatures = "--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,"
        + "DialMediaRouteProvider,GlobalMediaControls,HttpsUpgrades,LensOverlay,MediaRouter,PaintHolding,ThirdPartyStoragePartitioning,"
        + "BlockOriginHeaderModificationOnRedirect,AvoidCorsURLLoaderRestartOnRedirect,Translate,AutoDeElevate,OptimizationHints,"
        + "NetworkTimeServiceQuerying,AimEnabled,WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("No browser: the test should have been skipped.");

    internal ServeInstance Serve => _serve ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        if (Chromium.Path is not { } chromium)
        {
            return;
        }

        _serve = await ServeInstance.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = [DisabledFeatures] });
    }

    /// <summary>A fresh browser context (its own session storage) with one page on <paramref name="serve"/>, 1280x800 and light unless told.</summary>
    internal async Task<WebPage> OpenAsync(ServeInstance? serve = null, int width = 1280, int height = 800, bool dark = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (serve ?? Serve).BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new WebPage(context, page);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "web";
}

/// <summary>One page in its own context; records the page's script errors and console errors (a CSP violation is one).</summary>
internal sealed class WebPage : IAsyncDisposable
{
    private readonly List<string> _errors = [];

    public WebPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.PageError += (_, error) => _errors.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 4", StringComparison.Ordinal))
            {
                _errors.Add($"console: {message.Text}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Script errors and console errors so far (a failed 4xx request is expected in some flows and not counted).</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Opens the page at <paramref name="hash"/> and waits until it has loaded its profiles and sessions.</summary>
    public async Task GotoAsync(string hash = "")
    {
        await Page.GotoAsync("/" + hash);
        await Page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
