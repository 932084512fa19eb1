namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Bounds the requests per model: <see cref="Answering"/> are answered at once (one, or the sequences a model decodes
/// together) and at most <see cref="QueueLength"/> wait behind them; a request beyond that is refused at once with
/// <see cref="ModelBusyException"/> rather than left to wait without end.
/// </summary>
public sealed class ModelRequestQueue(int queueLength, int answering = 1)
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int QueueLength => queueLength;

    private readonly Dictionary<string, int> _answering = new(StringComparer.Ordinal);

    /// <summary>Requests per model answered at the same time, until the model says how many it decodes together.</summary>
    public int Answering { get; } = Math.Max(1, answering);

    /// <summary>How many requests <paramref name="id"/> answers at once, now that it is loaded (its sequences).</summary>
    public void SetAnswering(string id, int sequences)
    {
        lock (_gate)
        {
            _answering[id] = Math.Max(1, sequences);
        }
    }

    private int AnsweringFor(string id) => _answering.GetValueOrDefault(id, Answering);

    /// <summary>Requests waiting (not being answered) over all models.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _counts.Sum(c => Math.Max(0, c.Value - AnsweringFor(c.Key)));
            }
        }
    }

    /// <summary>Takes a place for a request on <paramref name="id"/>; dispose the ticket when the request is done.</summary>
    /// <exception cref="ModelBusyException">The queue for the model is full.</exception>
    public IDisposable Enter(string id)
    {
        lock (_gate)
        {
            var count = _counts.GetValueOrDefault(id);
            if (count >= AnsweringFor(id) + queueLength)
            {
                throw new ModelBusyException(id, queueLength);
            }

            _counts[id] = count + 1;
        }

        return new Ticket(this, id);
    }

    private void Leave(string id)
    {
        lock (_gate)
        {
            if (_counts.TryGetValue(id, out var count))
            {
                if (count <= 1)
                {
                    _counts.Remove(id);
                }
                else
                {
                    _counts[id] = count - 1;
                }
            }
        }
    }

    private sealed class Ticket(ModelRequestQueue queue, string id) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                queue.Leave(id);
            }
        }
    }
}
