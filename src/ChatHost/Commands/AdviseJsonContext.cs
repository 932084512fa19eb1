using System.Text.Json.Serialization;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Commands;

/// <summary>The verdict `advise --json` prints: the same fields as report.json's "verdict".</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(VerdictDocument))]
internal sealed partial class AdviseJsonContext : JsonSerializerContext;
