using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.Profiles.Store;

/// <summary>Source-generated JSON for the store's files (the Profiles assembly is trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ModelLockDocument))]
[JsonSerializable(typeof(PartialDownloadState))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;

