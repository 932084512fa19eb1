using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;

namespace ModelScale.Profiles.Tests.Planning;

/// <summary>Header-only llama-shaped models written in memory, for planning without weights.</summary>
internal static class PlanningShapes
{
    /// <summary>An 8B-like shape: 32 blocks, n_embd 4096, n_ff 14336, 32 heads, 8 KV heads, 128256 tokens, Q4_K.</summary>
    public static ModelMemoryFacts EightB() => Facts(32, 4096, 14336, 32, 8, 128_256, GgmlType.Q4_K);

    public static ModelMemoryFacts Facts(int blocks, int embd, int ff, int heads, int kvHeads, int vocab, GgmlType type, bool tied = false) =>
        ModelMemoryFacts.FromGguf(Read(blocks, embd, ff, heads, kvHeads, vocab, type, tied));

    public static GgufFile Read(int blocks, int embd, int ff, int heads, int kvHeads, int vocab, GgmlType type, bool tied = false)
    {
        var headDim = embd / heads;
        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("llama.block_count", (uint)blocks)
            .Add("llama.context_length", 131072u)
            .Add("llama.embedding_length", (uint)embd)
            .Add("llama.feed_forward_length", (uint)ff)
            .Add("llama.attention.head_count", (uint)heads)
            .Add("llama.attention.head_count_kv", (uint)kvHeads);
        writer.AddTensor("token_embd.weight", [embd, vocab], type);
        for (var i = 0; i < blocks; i++)
        {
            writer.AddTensor($"blk.{i}.attn_norm.weight", [embd], GgmlType.F32);
            writer.AddTensor($"blk.{i}.attn_q.weight", [embd, embd], type);
            writer.AddTensor($"blk.{i}.attn_k.weight", [embd, headDim * kvHeads], type);
            writer.AddTensor($"blk.{i}.attn_v.weight", [embd, headDim * kvHeads], type);
            writer.AddTensor($"blk.{i}.attn_output.weight", [embd, embd], type);
            writer.AddTensor($"blk.{i}.ffn_norm.weight", [embd], GgmlType.F32);
            writer.AddTensor($"blk.{i}.ffn_gate.weight", [embd, ff], type);
            writer.AddTensor($"blk.{i}.ffn_up.weight", [embd, ff], type);
            writer.AddTensor($"blk.{i}.ffn_down.weight", [ff, embd], type);
        }

        writer.AddTensor("output_norm.weight", [embd], GgmlType.F32);
        if (!tied)
        {
            writer.AddTensor("output.weight", [embd, vocab], GgmlType.Q6_K);
        }

        using var stream = new MemoryStream();
        writer.WriteHeaderOnly(stream);
        stream.Position = 0;
        return GgufReader.Read(stream, "shape.gguf");
    }
}
