namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// Ctrl+C for a verb that must stop cleanly (a pull keeps its partial file): the first press cancels the source and keeps
/// the process alive so the work can unwind; a second press ends the process at once.
/// </summary>
internal static class CtrlC
{
    public static IDisposable Cancels(CancellationTokenSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            if (!source.IsCancellationRequested)
            {
                e.Cancel = true;
                source.Cancel();
            }
        };

        Console.CancelKeyPress += handler;
        return new Detach(() => Console.CancelKeyPress -= handler);
    }

    private sealed class Detach(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
