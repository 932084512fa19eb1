using System.Globalization;
using System.Text.Json;

namespace ModelScale.Profiles.Catalog;

/// <summary>Reads and validates one element of a catalog's "profiles" array.</summary>
internal sealed class ProfileReader(JsonElement element, int index, string file, string directory)
{
    private string _where = $"profiles[{index}] in {file}";

    public ModelProfile Read()
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Fail($"{Capitalized} must be an object, not {CatalogLoader.Describe(element.ValueKind)}.");
        }

        if (!element.TryGetProperty("id", out var idValue))
        {
            Fail($"{Capitalized} is missing the required field 'id'.");
        }

        if (idValue.ValueKind != JsonValueKind.String)
        {
            Fail(WrongType("id", "a string", idValue));
        }

        var id = idValue.GetString()!;
        if (!ProfileIds.IsValid(id))
        {
            Fail($"Invalid profile id '{id}' at {_where}: {ProfileIds.Rule}.");
        }

        _where = $"profiles[{index}] ('{id}') in {file}";
        CatalogLoader.CheckFields(element, CatalogLoader.ProfileFields, _where, file);

        var source = ReadSource();
        var path = ReadPath();
        var remote = ReadRemote();
        if (remote is not null && (path is not null || source is not null))
        {
            Fail($"{Capitalized} has both a file ('path' or 'source') and 'remote'; a tier is either a local GGUF or a remote endpoint.");
        }

        if (remote is null && path is null && source?.File is null)
        {
            Fail($"{Capitalized} needs 'path' (a local GGUF file), 'source.file' (a file in the models folder) or 'remote' (an OpenAI-compatible endpoint).");
        }

        return new ModelProfile
        {
            Id = id,
            DisplayName = RequiredString("displayName"),
            Family = OptionalString("family") ?? ModelProfile.Unknown,
            Parameters = PositiveLong("parameters"),
            Quantization = OptionalString("quantization") ?? ModelProfile.Unknown,
            Source = source,
            Path = path,
            SizeBytes = PositiveLong("sizeBytes"),
            Sha256 = ReadSha256(),
            ApproximateSize = OptionalString("approximateSize"),
            ContextLength = ReadContextLength(),
            ChatTemplate = ReadChatTemplate(),
            License = OptionalString("license"),
            Shape = ReadShape(),
            Remote = remote,
            DeclaredIn = file,
            IsAdHoc = false,
        };
    }

    private string Capitalized => char.ToUpperInvariant(_where[0]) + _where[1..];

    private string RequiredString(string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            Fail($"{Capitalized} is missing the required field '{name}'.");
        }

        return StringValue(name, value) ?? Fail<string>(WrongType(name, "a string", value));
    }

    private string? ReadChatTemplate()
    {
        var template = OptionalString("chatTemplate");
        if (template is { Length: > Gguf.LlamaCppLimits.MaxChatTemplateLength })
        {
            Fail($"{Capitalized} has a chatTemplate of {template.Length:N0} characters, more than the {Gguf.LlamaCppLimits.MaxChatTemplateLength:N0} a chat template may have (a llama.cpp template name, or a template's text).");
        }

        return template;
    }

    private string? ReadShape()
    {
        var shape = OptionalString("shape");
        if (shape is not null && !Synthetic.ModelShapes.TryGet(shape, out _))
        {
            Fail($"{Capitalized} has shape '{shape}', which is not a built-in shape; use one of {string.Join(", ", Synthetic.ModelShapes.ById.Keys)}.");
        }

        return shape;
    }

    private string? OptionalString(string name)
        => element.TryGetProperty(name, out var value) ? StringValue(name, value) : null;

    /// <summary>A non-empty string, null for JSON null; anything else fails.</summary>
    private string? StringValue(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(WrongType(name, "a string", value));
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Fail($"Field '{name}' of {_where} must not be empty.");
        }

        return text;
    }

    private long? PositiveLong(string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            Fail(WrongType(name, "an integer", value));
        }

        if (!value.TryGetInt64(out var number))
        {
            Fail($"Field '{name}' of {_where} must be a whole number, but it is {value.GetRawText()}.");
        }

        if (number <= 0)
        {
            Fail($"Field '{name}' of {_where} must be positive, but it is {number.ToString(CultureInfo.InvariantCulture)}.");
        }

        return number;
    }

    private int ReadContextLength()
    {
        if (!element.TryGetProperty("contextLength", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return ModelProfile.DefaultContextLength;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            Fail(WrongType("contextLength", "an integer", value));
        }

        if (!value.TryGetInt32(out var number) || number <= 0)
        {
            Fail($"Field 'contextLength' of {_where} must be a positive whole number of tokens, but it is {value.GetRawText()}.");
        }

        return number;
    }

    private string? ReadSha256()
    {
        var sha256 = OptionalString("sha256");
        if (sha256 is null)
        {
            return null;
        }

        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            Fail($"Field 'sha256' of {_where} must be 64 hexadecimal characters, but it is '{sha256}' ({sha256.Length} characters).");
        }

        return sha256.ToLowerInvariant();
    }

    private string? ReadPath()
    {
        var path = OptionalString("path");
        if (path is not null && path.Contains('\0', StringComparison.Ordinal))
        {
            Fail($"Field 'path' of {_where} contains a NUL character, which no file name can hold.");
        }

        return path is null ? null : Path.GetFullPath(path, directory);
    }

    private RemoteEndpoint? ReadRemote()
    {
        if (!element.TryGetProperty("remote", out var remote) || remote.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (remote.ValueKind != JsonValueKind.Object)
        {
            Fail(WrongType("remote", "an object", remote));
        }

        CatalogLoader.CheckFields(remote, CatalogLoader.RemoteFields, $"'remote' of {_where}", file);
        var baseUrl = SourceString(remote, "baseUrl", "remote");
        var model = SourceString(remote, "model", "remote");
        var keyVariable = SourceString(remote, "apiKeyEnv", "remote");
        if (baseUrl is null)
        {
            Fail($"'remote' of {_where} is missing the required field 'baseUrl'.");
        }

        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            Fail($"Field 'remote.baseUrl' of {_where} must be an http or https URL without a query, such as http://gpu-box:8000/v1, but it is '{baseUrl}'.");
        }

        if (model is null)
        {
            Fail($"'remote' of {_where} is missing the required field 'model' (the name the remote engine serves).");
        }

        if (keyVariable is not null && !IsEnvironmentVariableName(keyVariable))
        {
            Fail($"Field 'remote.apiKeyEnv' of {_where} must name an environment variable (letters, digits and _), not hold a key: '{keyVariable}' is not a variable name.");
        }

        return new RemoteEndpoint(uri, model, keyVariable);
    }

    private static bool IsEnvironmentVariableName(string name) =>
        name.Length is > 0 and <= 128 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private ModelSource? ReadSource()
    {
        if (!element.TryGetProperty("source", out var source) || source.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (source.ValueKind != JsonValueKind.Object)
        {
            Fail(WrongType("source", "an object", source));
        }

        CatalogLoader.CheckFields(source, CatalogLoader.SourceFields, $"'source' of {_where}", file);
        var repo = SourceString(source, "huggingFaceRepo");
        var fileName = SourceString(source, "file");
        var url = SourceString(source, "url");

        if (repo is not null && (repo.Split('/') is not [{ Length: > 0 }, { Length: > 0 }] || repo.Contains(' ', StringComparison.Ordinal)))
        {
            Fail($"Field 'source.huggingFaceRepo' of {_where} must look like \"owner/name\", but it is '{repo}'.");
        }

        if (fileName is not null && !IsPlainRelative(fileName))
        {
            Fail($"Field 'source.file' of {_where} must be a file name inside the models folder, but it is '{fileName}'.");
        }

        Uri? uri = null;
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                Fail($"Field 'source.url' of {_where} must be an http or https URL, but it is '{url}'.");
            }
        }
        else if (repo is not null && fileName is not null)
        {
            uri = HuggingFaceUrl(repo, fileName);
        }

        return new ModelSource(repo, fileName, uri);
    }

    /// <summary>The download URL of a file in a Hugging Face repository's main branch.</summary>
    internal static Uri HuggingFaceUrl(string repo, string fileName)
        => new($"https://huggingface.co/{repo}/resolve/main/{fileName.Replace('\\', '/')}");

    private string? SourceString(JsonElement source, string name, string parent = "source")
        => source.TryGetProperty(name, out var value) ? StringValue($"{parent}.{name}", value) : null;

    /// <summary>A relative path that stays inside the folder it is combined with.</summary>
    private static bool IsPlainRelative(string fileName)
        => !Path.IsPathRooted(fileName)
            && !fileName.Contains('\0', StringComparison.Ordinal)
            && fileName[0] is not ('/' or '\\')
            && !fileName.Contains(':', StringComparison.Ordinal)
            && !fileName.EndsWith('/') && !fileName.EndsWith('\\')
            && fileName.Split('/', '\\').All(part => part is not ("" or "." or ".."));

    private string WrongType(string name, string expected, JsonElement value)
        => $"Field '{name}' of {_where} must be {expected}, not {CatalogLoader.Describe(value.ValueKind)}.";

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(string message) => throw new CatalogException(message, file);

    private T Fail<T>(string message) => throw new CatalogException(message, file);
}
