using System.Globalization;
using System.Text.Json;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Synthetic;
using ModelScale.Profiles.Units;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// A benchmark model of random weights: by default the 1B-shaped synthetic GGUF (<see cref="ModelShapes.Synthetic1B"/>,
/// random Q4_0 weights); any shape with the llama-2 vocabulary and any scheme (`bench --shape synthetic-8b --scheme
/// q4_k_m`). It copies the llama-2 tokenizer of llama-2-tiny-random.gguf when it is at hand, else gets ModelScale's own
/// <see cref="ByteLevelVocabulary"/> of the same size. Written once into the cache folder and reused. A small
/// JSON file beside it records the shape, scheme, seed and size; a file that does not match them is written again.
/// </summary>
public sealed class SyntheticBenchModel(string folder, ModelShape shape, QuantizationScheme scheme, int seed = SyntheticGgufWriter.DefaultSeed)
{
    /// <summary>The shapes a benchmark model can be written in: those with the donor's 32,000-token llama-2 vocabulary.</summary>
    public static IReadOnlyList<string> Shapes { get; } = [.. ModelShapes.ById.Where(p => p.Value.VocabSize == 32000).Select(p => p.Key)];

    /// <summary>The default: the 1B-shaped model in Q4_0.</summary>
    public SyntheticBenchModel(string folder, int seed = SyntheticGgufWriter.DefaultSeed)
        : this(folder, ModelShapes.Synthetic1B, QuantizationScheme.AllQ4_0, seed)
    {
    }

    /// <summary>The id the model is reported under, e.g. "synthetic-1b" or "synthetic-8b-q4_k_m".</summary>
    public string Id => scheme == QuantizationScheme.AllQ4_0 ? ShapeId : $"{ShapeId}-{scheme.Id}";

    /// <summary>How the model is described in reports, e.g. "synthetic 1B (random Q4_0)".</summary>
    public string DisplayName => $"{shape.Name.Replace("Synthetic-", "synthetic ", StringComparison.Ordinal)} (random {scheme.Id.ToUpperInvariant()})";

    private string ShapeId => ModelShapes.ById.First(p => p.Value == shape).Key;

    /// <summary>The shared test model whose tokenizer the synthetic model borrows.</summary>
    public const string DonorFileName = "llama-2-tiny-random.gguf";

    public string Path => System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{ShapeId}-{scheme.Id}-seed{seed}.gguf"));

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
    /// Returns the model's path, writing it first when it is missing or stale (600 MB for the default, a minute or so);
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
            ? ByteLevelVocabulary.Create(shape.VocabSize)
            : TokenizerDonor.Read(tokenizerFrom);
        var writer = new SyntheticGgufWriter(shape, scheme, tokenizer) { Seed = seed };
        var bytes = writer.Tensors.Sum(t => t.ByteSize);
        report($"Writing the {shape.Name} benchmark model ({ByteSize.Format(bytes)} of random {scheme.Id} weights, seed {seed}) to {Path}; this happens once.");
        File.Delete(StampPath);
        writer.Write(Path);
        var stamp = Expected(new FileInfo(Path).Length);
        File.WriteAllText(StampPath, JsonSerializer.Serialize(stamp, BenchJsonContext.Default.SyntheticModelStamp));
        return Path;
    }

    private SyntheticModelStamp Expected(long size) => new(shape.Name, scheme.Id, seed, size);
}

/// <summary>What the cached synthetic model was written with (kept beside it as JSON).</summary>
public sealed record SyntheticModelStamp(string Shape, string Scheme, int Seed, long SizeBytes);
