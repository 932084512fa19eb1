using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Bench;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Sessions.Store;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Hardware;
using ModelScale.Profiles.Store;

namespace ModelScale.ChatHost.Terminal;

/// <summary>Which exceptions are the user's mistake (one sentence, no stack trace) rather than a bug.</summary>
public static class UserErrors
{
    public static bool IsUserError(Exception ex) => ex is CatalogException or GgufFormatException or ModelLoadException
        or ConversationException or ContextLengthExceededException or HardwareException or PullException or ReplayException or ServeException or RemoteTierException or BenchException or NativeLibraryException
        or SessionStoreException;
}
