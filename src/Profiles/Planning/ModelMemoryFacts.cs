using System.Globalization;
using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Planning;

/// <summary>
/// What a model's memory needs depend on, read from its GGUF header: the bytes of each repeating block (layer), the
/// token embedding and output head, and the widths that size the KV cache and the compute graph.
/// </summary>
/// <param name="Name">The model's file name, for messages.</param>
/// <param name="LayerWeightBytes">Weight bytes of each block, <c>blk.N.*</c>, in order.</param>
/// <param name="TokenEmbeddingBytes">The token embedding (<c>token_embd.weight</c>), which llama.cpp keeps on the CPU.</param>
/// <param name="OutputBytes">The output head (<c>output_norm</c> and <c>output.weight</c>, or the tied embedding) that the last GPU "layer" moves.</param>
/// <param name="HostOutputBytes">What the output head adds when it stays on the CPU (a tied head shares the embedding there).</param>
/// <param name="EmbeddingLength">n_embd.</param>
/// <param name="KeyWidth">Per-token width of one layer's K cache (KV heads × key length).</param>
/// <param name="ValueWidth">Per-token width of one layer's V cache.</param>
/// <param name="FeedForwardLength">The widest feed-forward layer (n_ff).</param>
/// <param name="VocabularySize">Rows of the output head: the logits per token.</param>
/// <param name="TrainingContext">The context the model was trained for (0 when the header does not say).</param>
public sealed record ModelMemoryFacts(
    string Name,
    IReadOnlyList<long> LayerWeightBytes,
    long TokenEmbeddingBytes,
    long OutputBytes,
    long HostOutputBytes,
    long EmbeddingLength,
    long KeyWidth,
    long ValueWidth,
    long FeedForwardLength,
    long VocabularySize,
    int TrainingContext)
{
    /// <summary>Repeating blocks in the model.</summary>
    public int BlockCount => LayerWeightBytes.Count;

    /// <summary>What llama.cpp counts as offloadable layers: every block, plus the output head as the last one.</summary>
    public int OffloadableLayers => BlockCount + 1;

    /// <summary>All weight bytes, as in the file.</summary>
    public long TotalWeightBytes => LayerWeightBytes.Sum() + TokenEmbeddingBytes + HostOutputBytes;

    /// <summary>Reads the facts from a GGUF header; throws <see cref="GgufFormatException"/> for a file with no blocks.</summary>
    public static ModelMemoryFacts FromGguf(GgufFile gguf)
    {
        ArgumentNullException.ThrowIfNull(gguf);
        var arch = gguf.Architecture;
        var blocks = gguf.BlockCount ?? 0;
        if (arch is null || blocks <= 0 || gguf.Tensors.Count == 0)
        {
            throw new GgufFormatException($"{gguf.FileName} has no layers to plan for (no architecture, block count or tensors in its header).");
        }

        var layerBytes = new long[blocks];
        long tokenEmbedding = 0, outputHead = 0, outputNorm = 0, otherBytes = 0;
        long feedForward = 0, keyWidth = 0, valueWidth = 0, vocab = 0, embedding = gguf.EmbeddingLength ?? 0;
        var hasOutput = false;
        foreach (var tensor in gguf.Tensors)
        {
            if (TryLayerIndex(tensor.Name, out var layer, out var local))
            {
                if (layer >= blocks)
                {
                    throw new GgufFormatException($"{gguf.FileName} has tensor '{tensor.Name}' beyond its {blocks} blocks.");
                }

                layerBytes[layer] += tensor.ByteSize;
                var rows = tensor.Dimensions.Count > 1 ? tensor.Dimensions[1] : 0;
                switch (local)
                {
                    case "ffn_up.weight" or "ffn_gate.weight":
                        feedForward = Math.Max(feedForward, rows);
                        break;
                    case "attn_k.weight":
                        keyWidth = Math.Max(keyWidth, rows);
                        break;
                    case "attn_v.weight":
                        valueWidth = Math.Max(valueWidth, rows);
                        break;
                }

                continue;
            }

            switch (tensor.Name)
            {
                case "token_embd.weight":
                    tokenEmbedding += tensor.ByteSize;
                    if (tensor.Dimensions.Count > 1)
                    {
                        embedding = embedding > 0 ? embedding : tensor.Dimensions[0];
                        vocab = Math.Max(vocab, tensor.Dimensions[1]);
                    }

                    break;
                case "output.weight":
                    hasOutput = true;
                    outputHead += tensor.ByteSize;
                    if (tensor.Dimensions.Count > 1)
                    {
                        vocab = Math.Max(vocab, tensor.Dimensions[1]);
                    }

                    break;
                case "output_norm.weight" or "output_norm.bias":
                    outputNorm += tensor.ByteSize;
                    break;
                default:
                    otherBytes += tensor.ByteSize;
                    break;
            }
        }

        // A model with tied embeddings has no output.weight: llama.cpp reuses the embedding for the output head, and
        // offloading that head copies it to the GPU.
        if (!hasOutput)
        {
            outputHead = tokenEmbedding;
        }

        feedForward = feedForward > 0 ? feedForward : gguf.GetInt64($"{arch}.feed_forward_length") ?? 4 * embedding;
        var heads = gguf.HeadCount ?? 1;
        var kvHeads = gguf.HeadCountKv ?? heads;
        var headDim = heads > 0 && embedding > 0 ? embedding / heads : 0;
        keyWidth = keyWidth > 0 ? keyWidth : kvHeads * (gguf.GetInt64($"{arch}.attention.key_length") ?? headDim);
        valueWidth = valueWidth > 0 ? valueWidth : kvHeads * (gguf.GetInt64($"{arch}.attention.value_length") ?? headDim);
        vocab = vocab > 0 ? vocab : gguf.GetArray("tokenizer.ggml.tokens")?.Count ?? gguf.GetInt64($"{arch}.vocab_size") ?? 0;

        return new ModelMemoryFacts(
            gguf.FileName,
            layerBytes,
            tokenEmbedding + otherBytes,
            (hasOutput ? outputHead : tokenEmbedding) + outputNorm,
            (hasOutput ? outputHead : 0) + outputNorm,
            embedding,
            keyWidth,
            valueWidth,
            feedForward,
            vocab,
            gguf.ContextLength ?? 0);
    }

    private static bool TryLayerIndex(string name, out int layer, out string local)
    {
        layer = -1;
        local = "";
        if (!name.StartsWith("blk.", StringComparison.Ordinal))
        {
            return false;
        }

        var dot = name.IndexOf('.', 4);
        if (dot < 0 || !int.TryParse(name.AsSpan(4, dot - 4), NumberStyles.None, CultureInfo.InvariantCulture, out layer))
        {
            return false;
        }

        local = name[(dot + 1)..];
        return true;
    }
}
