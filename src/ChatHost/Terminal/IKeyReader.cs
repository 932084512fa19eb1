namespace ModelScale.ChatHost.Terminal;

/// <summary>Keys from the terminal, one at a time; a test scripts them.</summary>
public interface IKeyReader
{
    /// <summary>The next key, without echoing it.</summary>
    ConsoleKeyInfo ReadKey();

    /// <summary>Whether another key is already waiting: after Enter, it means the Enter was part of a paste.</summary>
    bool KeyAvailable { get; }

    /// <summary>Delivers Ctrl+C as a key while a line is edited (true), or as an interrupt signal (false).</summary>
    bool CtrlCIsKey { set; }
}

/// <summary>The process's console.</summary>
public sealed class ConsoleKeyReader : IKeyReader
{
    public static ConsoleKeyReader Instance { get; } = new();

    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);

    public bool KeyAvailable => Console.KeyAvailable;

    public bool CtrlCIsKey
    {
        set => Console.TreatControlCAsInput = value;
    }
}
