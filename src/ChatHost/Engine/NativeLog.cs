using LLama.Native;
using Microsoft.Extensions.Logging;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Routes llama.cpp's log into <see cref="ILogger"/>. llama.cpp's native configuration can be set only once per
/// process and before the first native call, so the callback is installed once and forwards to whichever
/// logger the current host registered.
/// </summary>
internal static partial class NativeLog
{
    private static readonly Lock Gate = new();
    private static bool _installed;
    private static ILogger? _logger;
    private static string _lastError = string.Empty;

    /// <summary>The most recent error line llama.cpp wrote, used to explain a failed load.</summary>
    public static string LastError
    {
        get
        {
            lock (Gate)
            {
                return _lastError;
            }
        }
    }

    public static void Install(ILogger logger)
    {
        lock (Gate)
        {
            _logger = logger;
            InstallCallback();
        }
    }

    /// <summary>
    /// Installs the callback without choosing a logger, for code that may make the process's first native call without
    /// one (llama.cpp's log is then dropped until a host installs a logger, instead of going to stderr).
    /// </summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            InstallCallback();
        }
    }

    public static void ClearLastError()
    {
        lock (Gate)
        {
            _lastError = string.Empty;
        }
    }

    private static void InstallCallback()
    {
        if (_installed)
        {
            return;
        }

        _installed = true;
        if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
        {
            NativeLibraryConfig.All.WithLogCallback(OnLog);
        }
    }

    private static void OnLog(LLamaLogLevel level, string message)
    {
        var text = message.TrimEnd('\n', '\r');
        BufferLog.Observe(text);
        ILogger? logger;
        lock (Gate)
        {
            if (level == LLamaLogLevel.Error && text.Length > 0)
            {
                _lastError = text;
            }

            logger = _logger;
        }

        if (logger is null || text.Length == 0)
        {
            return;
        }

        // llama.cpp is chatty at Info; the user sees it with --verbose only.
        var mapped = level switch
        {
            LLamaLogLevel.Error => LogLevel.Debug,
            LLamaLogLevel.Warning => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        LogNative(logger, mapped, text);
    }

    [LoggerMessage(EventId = 100, Message = "llama.cpp: {Text}")]
    private static partial void LogNative(ILogger logger, LogLevel level, string text);
}
