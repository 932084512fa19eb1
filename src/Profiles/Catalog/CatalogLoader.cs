using System.Text.Json;
using ModelScale.Profiles.Files;

namespace ModelScale.Profiles.Catalog;

/// <summary>Reads catalog files and merges their layers.</summary>
public static class CatalogLoader
{
    /// <summary>The catalog format version this build reads.</summary>
    public const int SupportedVersion = 1;

    internal static readonly string[] RootFields = ["$schema", "version", "profiles"];
    internal static readonly string[] RequiredRootFields = ["version", "profiles"];

    internal static readonly string[] ProfileFields =
    [
        "id", "displayName", "family", "parameters", "quantization", "source", "path",
        "sizeBytes", "sha256", "approximateSize", "contextLength", "chatTemplate", "license", "shape", "remote",
    ];

    internal static readonly string[] RequiredProfileFields = ["id", "displayName"];

    internal static readonly string[] SourceFields = ["huggingFaceRepo", "file", "url"];

    internal static readonly string[] RemoteFields = ["baseUrl", "model", "apiKeyEnv"];

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads and merges catalog files in layer order; every file must exist.</summary>
    public static ProfileCatalog Load(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Load(files.Select(CatalogLayer.Required));
    }

    /// <summary>
    /// Reads and merges catalog layers in order. A later layer's profile replaces an earlier one with the same id and
    /// takes its place in the order; new ids are appended.
    /// </summary>
    public static ProfileCatalog Load(IEnumerable<CatalogLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);

        var order = new List<string>();
        var byId = new Dictionary<string, ModelProfile>(StringComparer.Ordinal);
        var sources = new List<string>();
        foreach (var layer in layers)
        {
            if (layer.Path.Contains('\0', StringComparison.Ordinal))
            {
                throw new CatalogException(InputFile.Problem(layer.Path, "catalog file")!, filePath: null);
            }

            var fullPath = Path.GetFullPath(layer.Path);
            if (sources.Contains(fullPath, StringComparer.Ordinal))
            {
                continue;
            }

            if (!File.Exists(fullPath))
            {
                if (layer.IsOptional)
                {
                    continue;
                }

                throw new CatalogException(
                    Directory.Exists(fullPath)
                        ? $"Catalog file {fullPath} is a folder, not a file."
                        : $"Catalog file {fullPath} does not exist.",
                    fullPath);
            }

            InputFile.Ensure(fullPath, "catalog file", sentence => new CatalogException(sentence, fullPath));
            foreach (var profile in Parse(ReadFile(fullPath), fullPath))
            {
                if (!byId.ContainsKey(profile.Id))
                {
                    order.Add(profile.Id);
                }

                byId[profile.Id] = profile;
            }

            sources.Add(fullPath);
        }

        return new ProfileCatalog(order.Select(id => byId[id]), sources);
    }

    /// <summary>
    /// Loads every layer: the built-in catalog and the user's (both skipped when missing), then MODELSCALE_CATALOG and
    /// <paramref name="explicitCatalog"/> (from --catalog), which must exist.
    /// </summary>
    public static ProfileCatalog LoadLayers(CatalogPaths paths, string? explicitCatalog, IPlatformEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(env);

        var layers = new List<CatalogLayer>();
        if (paths.BuiltIn is { } builtIn)
        {
            layers.Add(CatalogLayer.Optional(builtIn));
        }

        if (paths.User is { } user)
        {
            layers.Add(CatalogLayer.Optional(user));
        }

        if (CatalogPaths.FromUser(env, env.GetEnvironmentVariable(CatalogPaths.CatalogVariable)) is { } fromEnvironment)
        {
            layers.Add(CatalogLayer.Required(fromEnvironment));
        }

        if (CatalogPaths.FromUser(env, explicitCatalog) is { } fromCommandLine)
        {
            layers.Add(CatalogLayer.Required(fromCommandLine));
        }

        return Load(layers);
    }

    /// <summary>
    /// Parses one catalog file's text. Relative profile paths resolve against the directory of
    /// <paramref name="fileName"/>, and each profile's <see cref="ModelProfile.DeclaredIn"/> is its full path.
    /// </summary>
    /// <exception cref="CatalogException">The JSON is malformed or a profile is invalid.</exception>
    public static IReadOnlyList<ModelProfile> Parse(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);

        var file = Path.GetFullPath(fileName);
        using var document = ParseDocument(json, file);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CatalogException(
                $"Catalog file {file} must hold a JSON object with \"version\" and \"profiles\", but it holds {Describe(root.ValueKind)}.",
                file);
        }

        var where = $"Catalog file {file}";
        CheckFields(root, RootFields, where, file);
        ReadVersion(root, file);

        if (!root.TryGetProperty("profiles", out var list))
        {
            throw new CatalogException($"{where} is missing the required field 'profiles'.", file);
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new CatalogException($"Field 'profiles' of {where} must be an array, not {Describe(list.ValueKind)}.", file);
        }

        var directory = Path.GetDirectoryName(file) ?? file;
        var profiles = new List<ModelProfile>();
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            var profile = new ProfileReader(element, index, file, directory).Read();
            if (firstIndex.TryGetValue(profile.Id, out var first))
            {
                throw new CatalogException(
                    $"Duplicate profile id '{profile.Id}' in {file}: profiles[{first}] and profiles[{index}] both declare it (a later catalog file may replace a profile, but one file may declare each id only once).",
                    file);
            }

            firstIndex.Add(profile.Id, index);
            profiles.Add(profile);
            index++;
        }

        return profiles;
    }

    /// <summary>The most a catalog file may hold: thousands of profiles fit in a fraction of it.</summary>
    public const long MaxCatalogBytes = 16L * 1024 * 1024;

    private static string ReadFile(string file)
    {
        try
        {
            var length = new FileInfo(file).Length;
            if (length > MaxCatalogBytes)
            {
                throw new CatalogException(
                    $"Catalog file {file} is {length:N0} bytes, more than the {MaxCatalogBytes:N0} a catalog may be.", file);
            }

            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogException($"Could not read catalog file {file}: {e.Message}", file, innerException: e);
        }
    }

    private static JsonDocument ParseDocument(string json, string file)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            throw new CatalogException(
                $"Catalog file {file} is not valid JSON at line {line}, column {column} ({Reason(e)}).",
                file,
                line,
                column,
                e);
        }
    }

    /// <summary>The reader's message without its own 0-based position, which would contradict ours.</summary>
    private static string Reason(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return (cut >= 0 ? message[..cut] : message).Trim().TrimEnd('.');
    }

    private static void ReadVersion(JsonElement root, string file)
    {
        if (!root.TryGetProperty("version", out var version))
        {
            throw new CatalogException(
                $"Catalog file {file} is missing the required field 'version' (add \"version\": {SupportedVersion}).", file);
        }

        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number))
        {
            throw new CatalogException(
                $"Field 'version' of catalog file {file} must be the integer {SupportedVersion}, not {Describe(version.ValueKind)}.", file);
        }

        if (number != SupportedVersion)
        {
            throw new CatalogException(
                $"Catalog file {file} has version {number}, but this build of ModelScale reads version {SupportedVersion}.", file);
        }
    }

    /// <summary>Rejects unknown and repeated field names, suggesting the closest known one for a typo.</summary>
    internal static void CheckFields(JsonElement element, string[] known, string where, string file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new CatalogException($"Field '{property.Name}' appears more than once in {where}.", file);
            }

            if (Array.IndexOf(known, property.Name) < 0)
            {
                var suggestion = ProfileIds.Suggest(property.Name, known);
                var hint = suggestion is null ? $"known fields are {string.Join(", ", known)}" : $"did you mean '{suggestion}'?";
                throw new CatalogException($"Unknown field '{property.Name}' in {where} ({hint}).", file);
            }
        }
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
