using System.Buffers.Binary;
using System.Text;
using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Tests.Gguf;

/// <summary>Builds GGUF bytes by hand, for headers the writer refuses to produce.</summary>
internal sealed class RawGguf
{
    private readonly MemoryStream _bytes = new();

    public RawGguf U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _bytes.Write(b);
        return this;
    }

    public RawGguf U64(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        _bytes.Write(b);
        return this;
    }

    public RawGguf Str(string value)
    {
        var b = Encoding.UTF8.GetBytes(value);
        U64((ulong)b.Length);
        _bytes.Write(b);
        return this;
    }

    public RawGguf Bytes(params byte[] value)
    {
        _bytes.Write(value);
        return this;
    }

    /// <summary>Magic, version, tensor count and metadata count.</summary>
    public static RawGguf Header(ulong tensors, ulong kvs, uint version = 3) =>
        new RawGguf().U32(GgufReader.Magic).U32(version).U64(tensors).U64(kvs);

    public byte[] ToArray() => _bytes.ToArray();

    public GgufFile Read(string name = "crafted.gguf")
    {
        using var stream = new MemoryStream(ToArray());
        return GgufReader.Read(stream, name);
    }
}

internal static class GgufFixtures
{
    public static GgufFile Read(byte[] bytes, string name = "fixture.gguf")
    {
        using var stream = new MemoryStream(bytes);
        return GgufReader.Read(stream, name);
    }

    public static byte[] HeaderOnly(GgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteHeaderOnly(stream);
        return stream.ToArray();
    }

    public static byte[] WithData(GgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.Write(stream);
        return stream.ToArray();
    }

    /// <summary>A small llama-shaped model: 2 layers, n_embd 64, 4 heads, 2 KV heads, Q4_0 weights.</summary>
    public static GgufWriter TinyLlama(int alignment = 32)
    {
        var writer = new GgufWriter(alignment)
            .Add("general.architecture", "llama")
            .Add("general.name", "tiny")
            .Add("llama.block_count", 2u)
            .Add("llama.context_length", 4096u)
            .Add("llama.embedding_length", 64u)
            .Add("llama.attention.head_count", 4u)
            .Add("llama.attention.head_count_kv", 2u)
            .Add("tokenizer.ggml.model", "gpt2")
            .Add("tokenizer.ggml.merges", GgufArray.Of("h e", "he llo"))
            .Add("tokenizer.ggml.tokens", GgufArray.Of("<unk>", "<s>", "</s>", "hello"))
            .Add("tokenizer.ggml.scores", GgufArray.Of(0f, 0f, 0f, -1.5f));
        writer.AddTensor("token_embd.weight", [64, 4], GgmlType.Q4_0);
        for (var layer = 0; layer < 2; layer++)
        {
            writer.AddTensor($"blk.{layer}.attn_q.weight", [64, 64], GgmlType.Q4_0);
            writer.AddTensor($"blk.{layer}.attn_norm.weight", [64], GgmlType.F32);
        }

        writer.AddTensor("output_norm.weight", [64], GgmlType.F32);
        return writer;
    }
}
