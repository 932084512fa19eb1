using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// Measures host memory bandwidth: every thread sums its share of an array far larger than the CPU caches, a few
/// times, and the fastest pass counts (the others met other work on the machine).
/// </summary>
public static class BandwidthProbe
{
    /// <summary>256 MiB: larger than any CPU cache, small enough for any machine that runs a model.</summary>
    public const int DefaultBytes = 256 << 20;

    public const int Passes = 3;

    /// <summary>Bytes per second read on <paramref name="threads"/> threads.</summary>
    public static double MeasureHostRead(int threads, int bytes = DefaultBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1 << 20);
        var data = new long[bytes / sizeof(long)];
        // Touch every page, so the first pass measures reads, not page faults.
        for (var i = 0; i < data.Length; i += 512)
        {
            data[i] = i;
        }

        var best = double.MaxValue;
        long sink = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var clock = Stopwatch.StartNew();
            var chunk = (data.Length + threads - 1) / threads;
            var sums = new long[threads];
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var start = Math.Min(data.Length, t * chunk);
                var end = Math.Min(data.Length, start + chunk);
                sums[t] = Sum(data.AsSpan(start, end - start));
            });
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            sink += sums.Sum();
        }

        GC.KeepAlive(sink);
        return (double)data.Length * sizeof(long) / best;
    }

    private static long Sum(ReadOnlySpan<long> span)
    {
        var vectors = MemoryMarshal.Cast<long, Vector<long>>(span);
        var total = Vector<long>.Zero;
        foreach (var v in vectors)
        {
            total += v;
        }

        var sum = Vector.Sum(total);
        for (var i = vectors.Length * Vector<long>.Count; i < span.Length; i++)
        {
            sum += span[i];
        }

        return sum;
    }
}
