using System.Globalization;
using System.Text.Json;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Synthetic;
using ModelScale.Profiles.Units;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// The default benchmark model: the 1B-shaped synthetic GGUF (<see cref="ModelShapes.Synthetic1B"/>, random Q4_0
/// weights, the llama-2 tokenizer of llama-2-tiny-random.gguf when it is at hand, else ModelScale's own 32,000-token
/// <see cref="ByteLevelVocabulary"/>), written once into the cache folder and reused. A
/// small JSON file beside it records the shape, scheme, seed and size; a file that does not match them is written again.
/// </summary>
public sealed class SyntheticBenchModel(string folder, int seed = SyntheticGgufWriter.DefaultSeed)
{
    /// <summary>The shared test model whose tokenizer the synthetic model borrows.</summary>
    public const string DonorFileName = "llama-2-tiny-random.gguf";

    public string Path => System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"synthetic-1b-q4_0-seed{seed}.gguf"));

    private string StampPath => System.IO.Path.ChangeExtension(Path, ".json");

    /// <summary>Whether the cached file is there and is the one this seed and shape give.</summary>
    public bool IsCurrent()
    {
        if (!File.Exists(Path) || !File.Exists(StampPath))
        {
            return false;
        }

        try
        {
            var stamp = JsonSerializer.Deserialize(File.ReadAllText(StampPath), BenchJsonContext.Default.SyntheticModelStamp);
            var gguf = GgufReader.Read(Path);
            var shape = ModelShapes.Synthetic1B;
            return stamp is not null
                && stamp == Expected(stamp.SizeBytes)
                && gguf.FileSize == stamp.SizeBytes
                && gguf.DataOffset + gguf.TensorDataBytes <= gguf.FileSize
                && gguf.BlockCount == shape.BlockCount
                && gguf.EmbeddingLength == shape.EmbeddingLength
                && gguf.FeedForwardLength == shape.FeedForwardLength;
        }
        catch (Exception ex) when (ex is JsonException or GgufFormatException or IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Returns the model's path, writing it first when it is missing or stale (about 600 MB, a minute or so);
    /// <paramref name="tokenizerFrom"/> (a GGUF whose tokenizer to copy) is read only then; without one the model gets
    /// ModelScale's own byte-level vocabulary, which costs the same per token.
    /// </summary>
    public string Ensure(string? tokenizerFrom, Action<string> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (IsCurrent())
        {
            return Path;
        }

        if (tokenizerFrom is not null && !File.Exists(tokenizerFrom))
        {
            throw new BenchException($"The tokenizer donor '{tokenizerFrom}' does not exist; give {DonorFileName} or leave --tokenizer-from out to use ModelScale's own vocabulary.");
        }

        Directory.CreateDirectory(folder);
        var tokenizer = tokenizerFrom is null
            ? ByteLevelVocabulary.Create(ModelShapes.Synthetic1B.VocabSize)
            : TokenizerDonor.Read(tokenizerFrom);
        var writer = new SyntheticGgufWriter(ModelShapes.Synthetic1B, QuantizationScheme.AllQ4_0, tokenizer) { Seed = seed };
        var bytes = writer.Tensors.Sum(t => t.ByteSize);
        report($"Writing the 1B-shaped benchmark model ({ByteSize.Format(bytes)} of random Q4_0 weights, seed {seed}) to {Path}; this happens once.");
        File.Delete(StampPath);
        writer.Write(Path);
        var stamp = Expected(new FileInfo(Path).Length);
        File.WriteAllText(StampPath, JsonSerializer.Serialize(stamp, BenchJsonContext.Default.SyntheticModelStamp));
        return Path;
    }

    private SyntheticModelStamp Expected(long size) => new(ModelShapes.Synthetic1B.Name, QuantizationScheme.AllQ4_0.Id, seed, size);
}

/// <summary>What the cached synthetic model was written with (kept beside it as JSON).</summary>
public sealed record SyntheticModelStamp(string Shape, string Scheme, int Seed, long SizeBytes);
