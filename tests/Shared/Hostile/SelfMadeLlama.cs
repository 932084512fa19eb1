using ModelScale.Profiles.Gguf;

namespace ModelScale.Tests.Shared.Hostile;

/// <summary>
/// A one-layer llama the tests write themselves (32 wide, 4 heads, a vocabulary of 3 specials, the 256 byte tokens
/// and 5 words), so the hostile cases also run on a fresh clone without the shared models. Its weights are zeros:
/// llama.cpp loads and decodes it, and every answer is token 0.
/// </summary>
internal static class SelfMadeLlama
{
    private const int Width = 32;
    private const int FeedForward = 64;

    public static void Write(string path)
    {
        string[] bytes = [.. Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>")];
        string[] tokens = ["<unk>", "<s>", "</s>", .. bytes, "▁the", "▁a", "▁cat", "▁sat", "."];
        int[] types = [2, 3, 3, .. bytes.Select(_ => 6), 1, 1, 1, 1, 1];
        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", "self-made")
            .Add("llama.block_count", 1u)
            .Add("llama.context_length", 128u)
            .Add("llama.embedding_length", (uint)Width)
            .Add("llama.feed_forward_length", (uint)FeedForward)
            .Add("llama.attention.head_count", 4u)
            .Add("llama.attention.head_count_kv", 4u)
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", GgufArray.Of(tokens))
            .Add("tokenizer.ggml.scores", GgufArray.Of(tokens.Select((_, i) => -(float)i).ToArray()))
            .Add("tokenizer.ggml.token_type", GgufArray.Of(types));
        writer.AddTensor("token_embd.weight", [Width, tokens.Length], GgmlType.F32);
        writer.AddTensor("blk.0.attn_norm.weight", [Width], GgmlType.F32);
        foreach (var name in new[] { "attn_q", "attn_k", "attn_v", "attn_output" })
        {
            writer.AddTensor($"blk.0.{name}.weight", [Width, Width], GgmlType.F32);
        }

        writer.AddTensor("blk.0.ffn_norm.weight", [Width], GgmlType.F32);
        writer.AddTensor("blk.0.ffn_gate.weight", [Width, FeedForward], GgmlType.F32);
        writer.AddTensor("blk.0.ffn_down.weight", [FeedForward, Width], GgmlType.F32);
        writer.AddTensor("blk.0.ffn_up.weight", [Width, FeedForward], GgmlType.F32);
        writer.AddTensor("output_norm.weight", [Width], GgmlType.F32);
        writer.AddTensor("output.weight", [Width, tokens.Length], GgmlType.F32);
        writer.Write(path);
    }
}
