using LLama.Native;

namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// One KV sequence of a loaded model: the tokens whose state it holds stay after its answer ends, so the next request
/// that continues the same conversation evaluates only what is new (llama-server's slots do the same).
/// </summary>
internal sealed class DecodeSlot(LLamaSeqId id)
{
    public LLamaSeqId Id { get; } = id;

    /// <summary>Tokens whose KV state sits in this sequence, in order.</summary>
    public List<LLamaToken> Cached { get; } = [];

    /// <summary>Whether a sequence is decoding in it now.</summary>
    public bool Busy { get; set; }

    /// <summary>When its last sequence ended (a <see cref="TimeProvider"/> timestamp); the oldest is reused first.</summary>
    public long LastUsed { get; set; }

    /// <summary>How many leading tokens of <paramref name="prompt"/> it already holds.</summary>
    public int CommonPrefix(IReadOnlyList<LLamaToken> prompt)
    {
        var max = Math.Min(Cached.Count, prompt.Count);
        var common = 0;
        while (common < max && Cached[common] == prompt[common])
        {
            common++;
        }

        return common;
    }
}
