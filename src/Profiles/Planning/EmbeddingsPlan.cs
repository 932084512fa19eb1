namespace ModelScale.Profiles.Planning;

/// <summary>
/// The second llama.cpp context a model opens when it is first asked for embeddings: Embeddings on, one sequence,
/// <see cref="Context"/> tokens of f16 KV cache and a micro-batch of the whole context (a pooled input must fit in one
/// micro-batch), placed like the chat context (each layer's KV where the layer is). Its compute buffer holds f32 logits
/// for every token of that micro-batch, so with a large vocabulary it is the bigger part: llama-2's 32,000 tokens at 2048
/// make it about 260 MiB on top of the chat context.
/// </summary>
/// <param name="Context">Tokens the embeddings context holds (its longest input).</param>
/// <param name="HostBytes">Its KV cache, compute and output buffers in host memory.</param>
/// <param name="DeviceBytes">Its KV cache and compute buffer on each GPU, in the order of <see cref="OffloadPlan.Devices"/>.</param>
/// <param name="Fits">Whether it fits beside the chat plan in the memory free when planned (the GPU margin kept).</param>
public sealed record EmbeddingsPlan(int Context, long HostBytes, IReadOnlyList<long> DeviceBytes, bool Fits)
{
    /// <summary>All its bytes, host and GPUs.</summary>
    public long TotalBytes => HostBytes + DeviceBytes.Sum();
}
