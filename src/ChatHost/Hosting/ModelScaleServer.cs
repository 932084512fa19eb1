using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Api.Ollama;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Service;
using ModelScale.ChatHost.Web;
using ModelScale.ChatHost.Sessions.Store;
using ModelScale.Profiles.Errors;
using OpenTelemetry.Metrics;

namespace ModelScale.ChatHost.Hosting;

/// <summary>
/// Builds the `serve` host: Kestrel with the API, over the same catalog, engine and sessions as chat. The content root
/// is the app's base directory (a service starts in / or System32), and under systemd or the Windows service manager
/// the host reports its state to it and logs to journald or the Event Log.
/// </summary>
public static class ModelScaleServer
{
    public static WebApplication Build(ServeOptions serve, CommonSettings settings, Action<EngineOptions>? engine = null, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentNullException.ThrowIfNull(settings);
        StartupOptions.Validate(new ServeOptionsValidator(), serve);
        NativeLibraryFolder.Use(settings.NativeDirectory);
        var (urls, error) = BindAddresses.Check(serve.Urls, serve.ApiKey is not null);
        if (error is not null)
        {
            throw new ServeException(error);
        }

        if (BindAddresses.FirstInUse(urls) is { } taken)
        {
            throw new ServeException(ErrorKind.Conflict, InUse(taken.OriginalString));
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });

        builder.Logging.ClearProviders();
        if (SystemdHelpers.IsSystemdService())
        {
            builder.Logging.AddSystemdConsole();
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        if (Microsoft.Extensions.Hosting.WindowsServices.WindowsServiceHelpers.IsWindowsService())
        {
            // AddWindowsService names the Event Log source after the service.
            builder.Logging.AddEventLog();
        }

        builder.Logging.SetMinimumLevel(settings.Verbose ? LogLevel.Trace : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", settings.Verbose ? LogLevel.Information : LogLevel.Warning);

        // The host logs a failed start with its stack trace; StartAsync turns the failure into one sentence instead.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", settings.Verbose ? LogLevel.Information : LogLevel.Critical);

        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(o => o.ServiceName = "ModelScale");
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = serve.ShutdownTimeout;
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });

        builder.WebHost.UseUrls([.. urls.Select(u => u.OriginalString)]);
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = serve.MaxRequestBodyBytes;
        });

        builder.Services.AddModelScaleCatalog(settings);
        builder.Services.AddModelScaleEngine(o =>
        {
            // A service answers concurrent requests: let the plan decide how many one model decodes together.
            o.Parallel = EngineOptions.AutoParallel;
            engine?.Invoke(o);
        });
        builder.Services.AddReplay();
        builder.Services.AddOptions<EngineOptions>().PostConfigure<IMemoryInventory>((o, inventory) =>
            o.MemoryBudget ??= MemoryBudget.FromSnapshot(inventory.Read(), o.MarginBytes));
        builder.Services.AddModelScaleApi(serve);
        builder.Services.AddOllamaApi();
        builder.Services.AddCors();
        builder.Services.AddOpenApi();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GenerationMonitor.MeterName)
            .AddPrometheusExporter());
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        try
        {
            StartupOptions.Validate(app.Services);

            // Opened now, before anything listens: a --data-dir that is a file or a corrupt database is one sentence.
            app.Services.GetRequiredService<SessionStore>();
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        // ApiExceptionHandler answers every exception; the fallback below is only for one it could not write.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = context => ApiErrors.Unexpected.ToResult().ExecuteAsync(context) });
        app.UseJsonStatusCodeBodies();
        if (serve.ApiKey is null)
        {
            app.Use(new HostHeaderCheck(serve.AllowedHosts).InvokeAsync);
        }

        app.Use(new OriginCheck(serve.CorsOrigins).InvokeAsync);
        if (serve.CorsOrigins.Count > 0)
        {
            // Before the key check: a browser's preflight (OPTIONS with Access-Control-Request-Method) never carries the
            // key. The middleware answers it (204) and adds Access-Control-Allow-Origin to the responses of allowed origins.
            app.UseCors(policy => CorsOrigins.Configure(policy, serve.CorsOrigins));
        }

        if (serve.ApiKey is { } key)
        {
            app.Use(new ApiKeyCheck(key).InvokeAsync);
        }

        app.MapOpenAiCompatible();
        app.MapNativeApi();
        app.MapOllamaApi();
        app.MapOpenApi();
        app.MapWebPage();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }

    /// <summary>Starts listening; a port in use becomes one sentence instead of Kestrel's stack trace.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            throw new ServeException(ErrorKind.Conflict, InUse(app.Services.GetRequiredService<IOptions<ServeOptions>>().Value.Urls), ex);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            // An address this machine does not have, a port below 1024 without the right to it, and the like.
            var reason = (ex.InnerException ?? ex).Message.TrimEnd('.');
            throw new ServeException($"Cannot listen on {app.Services.GetRequiredService<IOptions<ServeOptions>>().Value.Urls}: {reason}; choose another address or port with --urls.", ex);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase))
        {
            throw new ServeException(
                $"Cannot serve HTTPS on {app.Services.GetRequiredService<IOptions<ServeOptions>>().Value.Urls}: no server certificate is configured; serve http on loopback, or configure Kestrel's certificate (ASPNETCORE_Kestrel__Certificates__Default__Path).", ex);
        }
    }

    private static string InUse(string urls) =>
        $"Cannot listen on {urls}: the port is already in use (is another `modelscale serve` running?); stop it or choose another port with --urls.";
}
