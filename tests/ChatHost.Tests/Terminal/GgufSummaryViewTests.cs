using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Gguf;
using Spectre.Console.Testing;

namespace ModelScale.ChatHost.Tests.Terminal;

public sealed class GgufSummaryViewTests
{
    private static readonly GgufSummary Summary = new()
    {
        Path = "/models/synthetic-8b.gguf",
        FileSizeBytes = 4_920_000_000,
        Version = 3,
        Architecture = "llama",
        ParameterCount = 8_030_261_248,
        TensorTypes =
        [
            new GgufTypeShare(GgmlType.Q4_K, 193, 4_000_000_000),
            new GgufTypeShare(GgmlType.Q6_K, 33, 900_000_000),
            new GgufTypeShare(GgmlType.F32, 66, 1_000_000),
        ],
        FileType = "Q4_K_M",
        BlockCount = 32,
        EmbeddingLength = 4096,
        FeedForwardLength = 14336,
        HeadCount = 32,
        HeadCountKv = 8,
        HeadDimension = 128,
        VocabularySize = 128_256,
        ContextLength = 131_072,
        RopeFreqBase = 500000,
        HasChatTemplate = true,
        SplitCount = 1,
        TensorCount = 292,
        TensorDataBytes = 4_901_000_000,
        LoadProblem = "'synthetic-8b.gguf' is truncated: its tensor data needs more bytes.",
    };

    [Fact]
    public void EveryFact_IsOnItsOwnLine_AndTheMixIsATable()
    {
        var console = new TestConsole();
        console.Profile.Width = 200;

        GgufSummaryView.Render(console, Summary);

        var output = console.Output;
        Assert.Matches(@"Parameters\s+8\.03 B \(8,030,261,248\)", output);
        Assert.Matches(@"File type\s+Q4_K_M", output);
        Assert.Matches(@"Dominant type\s+Q4_K", output);
        Assert.Matches(@"Heads\s+32 \(8 KV\), head dim 128", output);
        Assert.Matches(@"RoPE base\s+500000", output);
        Assert.Matches(@"Chat template\s+yes", output);
        Assert.Matches(@"Q4_K\s*│\s*193\s*│\s*3\.7 GiB\s*│\s*81\.6 %", output);
        Assert.Matches(@"F32\s*│\s*66\s*│\s*976\.6 KiB\s*│\s*<0\.1 %", output);
        Assert.Contains("llama.cpp could not run it: 'synthetic-8b.gguf' is truncated", output);
        Assert.DoesNotContain(output.Split('\n'), l => l.EndsWith(' '));
    }
}
