using ModelScale.Profiles.Gguf;

namespace ModelScale.Tests.Shared.Hostile;

/// <summary>
/// A real GGUF opened for change: its metadata in file order, and its tensors with a way to read each one's bytes
/// from the source file. <see cref="Write"/> writes it back with <see cref="GgufWriter"/>; a tensor whose shape or
/// type was changed gets zeros.
/// </summary>
internal sealed class HostileModel
{
    private readonly string _source;
    private readonly GgufFile _file;
    private readonly Dictionary<string, (IReadOnlyList<long> Dimensions, GgmlType Type)> _changed = new(StringComparer.Ordinal);

    private HostileModel(string source, GgufFile file)
    {
        _source = source;
        _file = file;
        foreach (var (key, value) in file.Metadata)
        {
            Metadata[key] = value;
        }
    }

    /// <summary>The metadata to write, in the source file's order (new keys go last).</summary>
    public Dictionary<string, GgufValue> Metadata { get; } = new(StringComparer.Ordinal);

    public string Arch => _file.Architecture!;

    public int TokenCount => (int)_file.GetArray("tokenizer.ggml.tokens")!.Count;

    /// <summary>The id of the first token marked as a byte token (type 6).</summary>
    public int FirstByteToken
    {
        get
        {
            var types = _file.GetArray("tokenizer.ggml.token_type")!.Get<int>();
            for (var i = 0; i < types.Count; i++)
            {
                if (types[i] == 6)
                {
                    return i;
                }
            }

            throw new InvalidOperationException($"{_file.FileName} has no byte tokens.");
        }
    }

    /// <summary>output.weight when the model has one, else token_embd.weight (a model that ties them).</summary>
    public string OutputTensor => _file.Tensors.Any(t => t.Name == "output.weight") ? "output.weight" : "token_embd.weight";

    public static HostileModel Read(string source) => new(source, GgufReader.Read(source));

    /// <summary>Changes the token strings; <paramref name="normalType"/> also marks every changed token as a normal one (type 1).</summary>
    public void SetTokens(Action<string[]> change, bool normalType = false)
    {
        var before = _file.GetArray("tokenizer.ggml.tokens")!.Get<string>();
        var tokens = before.ToArray();
        change(tokens);
        Metadata["tokenizer.ggml.tokens"] = GgufValue.FromArray(GgufArray.Of(tokens));
        if (normalType)
        {
            var types = _file.GetArray("tokenizer.ggml.token_type")!.Get<int>().ToArray();
            for (var i = 0; i < tokens.Length; i++)
            {
                types[i] = tokens[i] == before[i] ? types[i] : 1;
            }

            Metadata["tokenizer.ggml.token_type"] = GgufValue.FromArray(GgufArray.Of(types));
        }
    }

    /// <summary>Gives a tensor new dimensions and/or a new type; its data becomes zeros.</summary>
    public void Retensor(string name, Func<IReadOnlyList<long>, long[]>? dimensions, GgmlType? type)
    {
        var tensor = _file.Tensors.Single(t => t.Name == name);
        _changed[name] = (dimensions?.Invoke(tensor.Dimensions) ?? tensor.Dimensions, type ?? tensor.Type);
    }

    public void Write(string target)
    {
        var writer = new GgufWriter(_file.Alignment);
        foreach (var (key, value) in Metadata)
        {
            writer.Add(key, value);
        }

        using var source = new FileStream(_source, FileMode.Open, FileAccess.Read, FileShare.Read);
        foreach (var tensor in _file.Tensors)
        {
            if (_changed.TryGetValue(tensor.Name, out var change))
            {
                writer.AddTensor(tensor.Name, change.Dimensions, change.Type);
                continue;
            }

            var start = _file.Splits[tensor.SplitIndex].DataOffset + tensor.Offset;
            writer.AddTensor(tensor.Name, tensor.Dimensions, tensor.Type, (info, output) =>
            {
                var bytes = new byte[info.ByteSize];
                source.Position = start;
                source.ReadExactly(bytes);
                output.Write(bytes);
            });
        }

        writer.Write(target);
    }
}
