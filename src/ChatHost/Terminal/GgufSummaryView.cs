using System.Globalization;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Units;
using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>Renders a <see cref="GgufSummary"/> for people: the model's facts, then its quantization mix.</summary>
public static class GgufSummaryView
{
    private const int LabelWidth = 20;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Render(IAnsiConsole console, GgufSummary s)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(s);

        // Plain lines rather than a grid: a grid pads every line to its widest, which a script then has to trim.
        void Fact(string label, string? value) =>
            console.MarkupLine($"[grey]{label.PadRight(LabelWidth)}[/]{Markup.Escape(value ?? "-")}");

        Fact("File", s.Path);
        Fact("File size", $"{ByteSize.Format(s.FileSizeBytes)} ({Count(s.FileSizeBytes)} bytes)");
        Fact("GGUF version", Count(s.Version));
        if (s.Name is not null)
        {
            Fact("Name", s.Name);
        }

        Fact("Architecture", s.Architecture);
        Fact("Parameters", $"{s.Parameters} ({Count(s.ParameterCount)})");
        Fact("File type", s.FileType ?? "not declared");
        Fact("Dominant type", s.DominantType?.ToString());
        Fact("Layers", Count(s.BlockCount));
        Fact("Embedding width", Count(s.EmbeddingLength));
        Fact("Feed-forward width", Count(s.FeedForwardLength));
        Fact("Heads", s.HeadCount is null ? null : $"{Count(s.HeadCount)} ({Count(s.HeadCountKv)} KV), head dim {Count(s.HeadDimension)}");
        Fact("Vocabulary", s.VocabularySize is null ? null : $"{Count(s.VocabularySize)} tokens");
        Fact("Training context", s.ContextLength is null ? null : $"{Count(s.ContextLength)} tokens");
        if (s.RopeFreqBase is { } rope)
        {
            Fact("RoPE base", rope.ToString("0.###", Invariant));
        }

        Fact("Chat template", s.HasChatTemplate ? "yes" : "none");
        Fact("Split", s.SplitCount == 1 ? "1 file" : $"{s.SplitCount} files");
        Fact("Tensors", $"{Count(s.TensorCount)}, {ByteSize.Format(s.TensorDataBytes)} of data ({Count(s.TensorDataBytes)} bytes)");

        if (s.TensorTypes.Count > 0)
        {
            var mix = new Table()
                .AddColumn("Type")
                .AddColumn(new TableColumn("Tensors").RightAligned())
                .AddColumn(new TableColumn("Bytes").RightAligned())
                .AddColumn(new TableColumn("Share").RightAligned());
            foreach (var share in s.TensorTypes)
            {
                var percent = s.TensorDataBytes == 0 ? 0 : 100.0 * share.Bytes / s.TensorDataBytes;
                mix.AddRow(
                    share.Type.ToString(),
                    Count(share.TensorCount),
                    ByteSize.Format(share.Bytes),
                    percent is > 0 and < 0.05 ? "<0.1 %" : percent.ToString("0.0", Invariant) + " %");
            }

            console.WriteLine();
            console.Write(mix);
        }

        if (s.LoadProblem is not null)
        {
            console.WriteLine();
            console.MarkupLine($"[yellow]llama.cpp could not run it:[/] {Markup.Escape(s.LoadProblem)}");
        }
    }

    private static string Count(long value) => value.ToString("N0", Invariant);

    private static string? Count(long? value) => value?.ToString("N0", Invariant);
}
