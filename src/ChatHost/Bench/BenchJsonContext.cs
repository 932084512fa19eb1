using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Bench;

/// <summary>The benchmark's JSON: camelCase, indented, every field always there.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(BenchReport))]
[JsonSerializable(typeof(SyntheticModelStamp))]
[JsonSerializable(typeof(MemoryBandwidth))]
internal sealed partial class BenchJsonContext : JsonSerializerContext
{
    public static string Serialize(BenchReport report) => JsonSerializer.Serialize(report, Default.BenchReport);
}
