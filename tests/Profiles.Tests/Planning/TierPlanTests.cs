using System.Globalization;
using System.Text;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;
using ModelScale.Profiles.Synthetic;
using ModelScale.Profiles.Tests.Synthetic;
using ModelScale.Profiles.Units;
using ModelScale.Tests.Shared;
using Xunit.Abstractions;

namespace ModelScale.Profiles.Tests.Planning;

/// <summary>The real tiers (header-only Q4_K_M files of their exact shapes), planned for GPUs of every size.</summary>
public sealed class TierPlanTests(ITestOutputHelper output)
{
    private const long GiB = 1L << 30;
    private static readonly int[] VramSizes = [0, 4, 8, 12, 16, 24, 48, 80];
    private static readonly int[] Contexts = [4096, 8192];

    private static readonly Lazy<IReadOnlyDictionary<string, ModelMemoryFacts>> Facts = new(() =>
        RealTier.All.ToDictionary(t => t.Id, t =>
        {
            using var stream = new MemoryStream();
            new SyntheticGgufWriter(t.Shape, QuantizationScheme.Q4_K_M).WriteHeaderOnly(stream);
            stream.Position = 0;
            return ModelMemoryFacts.FromGguf(GgufReader.Read(stream, $"tier-{t.Id}-q4_k_m.gguf"));
        }));

    private static OffloadPlan Plan(string tier, long vram, int context) => OffloadPlanner.Plan(Facts.Value[tier], new PlanRequest
    {
        Context = context,
        Devices = vram > 0 ? [new DeviceBudget("gpu", vram)] : [],
    });

    [Theory]
    [MemberData(nameof(RealTier.Ids), MemberType = typeof(RealTier))]
    public void MoreVram_NeverMeansFewerLayers(string tier)
    {
        foreach (var context in Contexts)
        {
            var previous = 0;
            for (var vram = 0L; vram <= 96 * GiB; vram += GiB / 4)
            {
                var layers = Plan(tier, vram, context).GpuLayers;
                Assert.True(layers >= previous, $"{tier} ctx {context}: {ByteSize.Format(vram)} gave {layers} layers, fewer than {previous}");
                previous = layers;
            }

            Assert.Equal(Facts.Value[tier].OffloadableLayers, previous);
        }
    }

    [Theory]
    [MemberData(nameof(RealTier.Ids), MemberType = typeof(RealTier))]
    public void FullOffload_NeedsEverythingPlusTheMargin(string tier)
    {
        foreach (var context in Contexts)
        {
            var full = Plan(tier, 200 * GiB, context);
            Assert.True(full.FullOffload);
            var needed = full.Devices.Single().TotalBytes + full.MarginBytes;

            Assert.True(Plan(tier, needed, context).FullOffload);
            Assert.False(Plan(tier, needed - 1, context).FullOffload);
        }
    }

    [Theory]
    [MemberData(nameof(RealTier.Ids), MemberType = typeof(RealTier))]
    public void NoLayers_WhenNotEvenOneFits(string tier)
    {
        var facts = Facts.Value[tier];
        var request = new PlanRequest { Context = 4096 };
        var smallestLayer = facts.LayerWeightBytes[^1] + MemoryModel.KvBytesPerLayer(facts, 4096, KvCacheType.F16)
            + MemoryModel.ComputeBytes(facts, 4096, request.BatchSize, holdsOutput: false) + request.DeviceOverheadBytes + request.MarginBytes;

        Assert.Equal(0, Plan(tier, smallestLayer - 1, 4096).GpuLayers);
        Assert.Equal(1, Plan(tier, smallestLayer, 4096).GpuLayers);
    }

    [Fact]
    public void The70B_NeedsIts42_5GBOfWeightsPlusKVForFullOffload()
    {
        var facts = Facts.Value["70b"];
        foreach (var context in Contexts)
        {
            var full = Plan("70b", 200 * GiB, context);
            var device = full.Devices.Single();

            // All 42.5 GB of weights are loaded: on the GPU, except the token embedding, which llama.cpp keeps on the CPU.
            Assert.True(device.WeightBytes + full.Host.WeightBytes >= 42_500_000_000, $"weights {device.WeightBytes:N0} + {full.Host.WeightBytes:N0}");
            Assert.Equal(facts.TokenEmbeddingBytes, full.Host.WeightBytes);
            Assert.Equal(2L * 80 * context * 1024 * 2, device.KvBytes);
            Assert.True(device.TotalBytes > 42_500_000_000 - facts.TokenEmbeddingBytes + device.KvBytes);

            // The weights and KV alone are not enough: the compute buffer and the margin need room too.
            Assert.False(Plan("70b", 42_500_000_000 + device.KvBytes, context).FullOffload);
        }
    }

    [Fact]
    public void TheReadmeTable_IsWhatThePlannerSays()
    {
        var table = Table();
        output.WriteLine(table);

        var readme = File.ReadAllText(RepoRoot.File("README.md")).ReplaceLineEndings("\n");
        Assert.True(readme.Contains(table, StringComparison.Ordinal), "README.md's tier plan table is out of date; paste the table from this test's output.");
    }

    /// <summary>The README's table: per context, the layers on the GPU and the memory each side needs.</summary>
    internal static string Table()
    {
        var text = new StringBuilder();
        foreach (var context in Contexts)
        {
            text.Append(CultureInfo.InvariantCulture, $"**ctx {context}** (GPU layers/all; GPU and RAM needed; 1 GiB margin kept free)\n\n");
            text.Append("| VRAM | ").AppendJoin(" | ", RealTier.All.Select(t => $"{t.Id} ({t.Shape.Name})")).Append(" |\n");
            text.Append("| ---: |").Append(string.Concat(RealTier.All.Select(_ => " --- |"))).Append('\n');
            foreach (var vram in VramSizes)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {vram} GiB |");
                foreach (var tier in RealTier.All)
                {
                    var plan = Plan(tier.Id, vram * GiB, context);
                    var gpu = plan.GpuBytes > 0 ? $"GPU {ByteSize.Format(plan.GpuBytes)}, " : "";
                    text.Append(CultureInfo.InvariantCulture, $" {plan.GpuLayers}/{plan.TotalLayers}: {gpu}RAM {ByteSize.Format(plan.Host.TotalBytes)} |");
                }

                text.Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
