using ModelScale.ChatHost.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelScale.ChatHost.Terminal;

namespace ModelScale.ChatHost.Hosting;

/// <summary>
/// Builds the generic host each verb runs in. The content root is the app's base directory (never the working
/// directory: a service starts elsewhere), and logs go to stderr so that stdout carries only the verb's output.
/// </summary>
public static class ModelScaleHost
{
    public static IHost Build(CommonSettings settings, Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configure);
        NativeLibraryFolder.Use(settings.NativeDirectory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(settings.Verbose ? LogLevel.Trace : LogLevel.Warning);

        builder.Services.AddModelScaleCatalog(settings);
        builder.Services.AddSingleton(CommandHint.ForProcess(settings.Catalog, settings.ModelsDirectory));
        configure(builder.Services);
        var host = builder.Build();
        try
        {
            StartupOptions.Validate(host.Services);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }
}
