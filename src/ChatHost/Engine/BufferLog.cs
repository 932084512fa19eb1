using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Collects llama.cpp's "buffer size" log lines while a model loads, so what it really allocated can be set beside
/// the plan. llama.cpp's log is process-wide, so captures take turns: a second load in the same process (another
/// engine, as in tests) waits for the first to finish. Lines outside a capture are ignored.
/// </summary>
internal static partial class BufferLog
{
    private static readonly Lock Gate = new();
    private static readonly SemaphoreSlim Turn = new(1, 1);
    private static List<MeasuredBuffer>? _current;

    /// <summary>Waits for its turn and starts collecting; dispose the result to stop. Read <see cref="Capture.Buffers"/> after the load.</summary>
    public static async Task<Capture> BeginAsync(CancellationToken cancellationToken)
    {
        await Turn.WaitAsync(cancellationToken);
        lock (Gate)
        {
            _current = [];
            return new Capture(_current);
        }
    }

    /// <summary>Parses one log line; null when it is not a buffer line.</summary>
    public static MeasuredBuffer? Parse(string line)
    {
        var match = BufferLine().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var mib = double.Parse(match.Groups["mib"].Value, CultureInfo.InvariantCulture);
        return new MeasuredBuffer(match.Groups["device"].Value, match.Groups["kind"].Value, (long)Math.Round(mib * 1024 * 1024));
    }

    /// <summary>Called by the native log callback with every line.</summary>
    public static void Observe(string line)
    {
        if (!line.Contains("buffer size =", StringComparison.Ordinal))
        {
            return;
        }

        var buffer = Parse(line);
        lock (Gate)
        {
            if (buffer is not null)
            {
                _current?.Add(buffer);
            }
        }
    }

    private static void End(List<MeasuredBuffer> capture)
    {
        lock (Gate)
        {
            if (!ReferenceEquals(_current, capture))
            {
                return;
            }

            _current = null;
        }

        Turn.Release();
    }

    [GeneratedRegex(@"^\s*\w+:\s+(?<device>\S+)\s+(?<kind>model|KV|compute|output) buffer size =\s+(?<mib>[0-9.]+) MiB", RegexOptions.CultureInvariant)]
    private static partial Regex BufferLine();

    /// <summary>An active capture.</summary>
    public sealed class Capture(List<MeasuredBuffer> buffers) : IDisposable
    {
        public MeasuredBuffers Buffers
        {
            get
            {
                lock (Gate)
                {
                    return new MeasuredBuffers([.. buffers]);
                }
            }
        }

        public void Dispose() => End(buffers);
    }
}
