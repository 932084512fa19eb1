using System.Collections.Concurrent;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// The one thread that calls llama_decode for an engine. The CPU build of llama.cpp that LLamaSharp ships runs its
/// graphs on OpenMP, and OpenMP keeps a team of worker threads per calling thread. Decoding from whatever pool thread
/// an await resumed on makes one team per such thread, and once the process has more OpenMP threads than cores,
/// libgomp stops spinning at barriers and sleeps instead: decode measured about 16% slower with the prompt evaluated
/// on one thread and the tokens on another (docs/bench.md). Every decode goes through here, so there is one team.
/// </summary>
public sealed class InferenceThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    public InferenceThread()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "llama.cpp decode" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the inference thread; the caller's continuation resumes on the thread pool.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _work.Dispose();
    }

    private void Run()
    {
        foreach (var item in _work.GetConsumingEnumerable())
        {
            item();
        }
    }
}
