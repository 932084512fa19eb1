namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// Ctrl+C policy for the REPL: the first press stops the answer being generated and keeps the program;
/// a press with no answer running, or a second press while one is stopping, ends the program.
/// </summary>
public sealed class InterruptHandler : IDisposable
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _answer;

    /// <summary>Starts an answer and returns the token that the next interrupt cancels.</summary>
    public CancellationToken BeginAnswer(CancellationToken outer)
    {
        lock (_gate)
        {
            _answer?.Dispose();
            _answer = CancellationTokenSource.CreateLinkedTokenSource(outer);
            return _answer.Token;
        }
    }

    public void EndAnswer()
    {
        lock (_gate)
        {
            _answer?.Dispose();
            _answer = null;
        }
    }

    /// <summary>Handles one interrupt. Returns true when it stopped an answer; false when the program should exit.</summary>
    public bool Interrupt()
    {
        lock (_gate)
        {
            if (_answer is { IsCancellationRequested: false } answer)
            {
                answer.Cancel();
                return true;
            }

            return false;
        }
    }

    /// <summary>Wires <see cref="Interrupt"/> to the console's Ctrl+C for the lifetime of the returned handle.</summary>
    public IDisposable AttachToConsole()
    {
        ConsoleCancelEventHandler handler = (_, e) => e.Cancel = Interrupt();
        Console.CancelKeyPress += handler;
        return new Detach(() => Console.CancelKeyPress -= handler);
    }

    public void Dispose() => EndAnswer();

    private sealed class Detach(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
