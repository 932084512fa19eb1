using System.Text.Json;
using System.Text.Json.Serialization;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Terminal;

/// <summary>Writes the verbs' --json documents: camelCase, indented, nulls kept so every field is always there.</summary>
public static class OutputJson
{
    public static string Serialize(GpuReportJson document) =>
        JsonSerializer.Serialize(document, OutputJsonContext.Default.GpuReportJson);

    public static string Serialize(GgufSummaryJson document) =>
        JsonSerializer.Serialize(document, OutputJsonContext.Default.GgufSummaryJson);

    public static string Serialize(PlanJson document) =>
        JsonSerializer.Serialize(document, OutputJsonContext.Default.PlanJson);

    /// <summary>Writes <paramref name="json"/> straight to the console's stream: never wrapped, never styled.</summary>
    public static void Write(Spectre.Console.IAnsiConsole console, string json)
    {
        ArgumentNullException.ThrowIfNull(console);
        var writer = console.Profile.Out.Writer;
        writer.Write(json);
        writer.Write('\n');
        writer.Flush();
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(GpuReportJson))]
[JsonSerializable(typeof(GgufSummaryJson))]
[JsonSerializable(typeof(PlanJson))]
internal sealed partial class OutputJsonContext : JsonSerializerContext;
