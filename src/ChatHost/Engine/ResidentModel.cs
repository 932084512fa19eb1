namespace ModelScale.ChatHost.Engine;

/// <summary>
/// A model the engine holds, as a front end may see it: its id and its file, and what it holds (context, memory, how
/// long it has been idle), nothing of the loaded state.
/// </summary>
public sealed record ResidentModel(string Id, string Path)
{
    /// <summary>The context one answer gets: the context it was loaded with, split over the sequences it decodes together.</summary>
    public int ContextLength { get; init; }

    /// <summary>Bytes it holds in host memory and on GPUs together, its embeddings context included once made (llama.cpp's reported buffers, else the plan's).</summary>
    public long SizeBytes { get; init; }

    /// <summary>The GPU part of <see cref="SizeBytes"/>.</summary>
    public long GpuBytes { get; init; }

    /// <summary>Since its last use; zero while a request holds it.</summary>
    public TimeSpan IdleFor { get; init; }

    /// <summary>Whether a request holds it now.</summary>
    public bool InUse { get; init; }

    /// <summary>How long it stays loaded once unused (the engine's keep-alive, or the last one a request asked for); null keeps it until evicted.</summary>
    public TimeSpan? KeepAlive { get; init; }
}

/// <summary>The engine's resident models, for front ends (the API's /health, /api/profiles, /api/ps) that must not touch <see cref="LoadedModel"/>.</summary>
public static class ResidentModels
{
    public static IReadOnlyList<ResidentModel> Of(IModelEngine engine, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return [.. engine.Resident.Select(m =>
        {
            // The embeddings context, once made, is memory the model holds too.
            var buffers = new MeasuredBuffers([.. m.Buffers.Buffers, .. m.Embeddings.Buffers.Buffers]);
            var measured = m.Buffers.TotalBytes > 0;
            return new ResidentModel(m.Id, m.Request.Path)
            {
                ContextLength = m.SequenceContext,
                SizeBytes = measured ? buffers.TotalBytes : m.Cost.RamBytes + m.Cost.GpuBytes.Sum(),
                GpuBytes = measured ? buffers.DeviceBytes : m.Cost.GpuBytes.Sum(),
                InUse = m.Leases > 0,
                IdleFor = time is null || m.Leases > 0 ? TimeSpan.Zero : time.GetElapsedTime(m.LastUsed),
                KeepAlive = m.KeepAlive,
            };
        })];
    }
}
