using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelScale.Profiles.Gguf;

/// <summary>
/// Reads the header and tensor table of GGUF v2 and v3 files without reading any weights. Every problem with the
/// file is reported as a <see cref="GgufFormatException"/> with one sentence that names the file.
/// </summary>
public static partial class GgufReader
{
    /// <summary>"GGUF" read as a little-endian uint32.</summary>
    public const uint Magic = 0x46554747;

    public const int DefaultAlignment = 32;

    public const int MaxDimensions = 4;

    internal const long MaxHeaderBytes = 512L * 1024 * 1024;
    internal const int MaxKeyBytes = 64 * 1024;
    internal const int MaxStringBytes = 64 * 1024 * 1024;
    internal const int MaxArrayElements = 1 << 24;
    internal const long MaxTotalArrayElements = 1L << 26;
    internal const int MaxArrayDepth = 8;
    internal const int MaxTensors = 1 << 20;
    internal const int MaxMetadataEntries = 1 << 20;

    /// <summary>
    /// Reads a GGUF file. For a split model (general split metadata and a name like model-00001-of-00003.gguf),
    /// reads every shard, merges the tensor tables and reports the summed size.
    /// </summary>
    public static GgufFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var match = SplitName().Match(System.IO.Path.GetFileName(path));
        if (match.Success)
        {
            var count = int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture);
            if (count > 1)
            {
                return ReadSplit(path, match, count);
            }
        }

        var single = ReadShard(path);
        var declared = SplitCountOf(single);
        if (declared > 1)
        {
            throw new GgufFormatException(
                $"'{single.FileName}' is part 1 of a model split into {declared} files, but its name does not follow the '-00001-of-{declared:D5}.gguf' pattern, so the other parts cannot be found.");
        }

        return single;
    }

    /// <summary>Reads a single GGUF file from a seekable stream, starting at the stream's beginning.</summary>
    public static GgufFile Read(Stream stream, string displayName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(displayName);
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("The GGUF stream must be readable and seekable.", nameof(stream));
        }

        stream.Position = 0;
        var shard = ReadHeader(stream, displayName);
        return new GgufFile(displayName, shard.Version, shard.Metadata, shard.Tensors, [shard.Split]);
    }

    private static GgufFile ReadShard(string path)
    {
        Files.InputFile.Ensure(path, "GGUF model", sentence => new GgufFormatException(sentence));
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var shard = ReadHeader(stream, path);
        return new GgufFile(path, shard.Version, shard.Metadata, shard.Tensors, [shard.Split]);
    }

    private static GgufFile ReadSplit(string path, Match match, int count)
    {
        var directory = System.IO.Path.GetDirectoryName(path) ?? string.Empty;
        var prefix = match.Groups["prefix"].Value;
        var shards = new List<GgufFile>(count);
        for (var i = 1; i <= count; i++)
        {
            var shardPath = System.IO.Path.Combine(
                directory, string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D5}-of-{count:D5}.gguf"));
            if (!File.Exists(shardPath))
            {
                throw new GgufFormatException(
                    $"'{System.IO.Path.GetFileName(path)}' is part of a model split into {count} files, but part {i} ('{System.IO.Path.GetFileName(shardPath)}') is missing; put every part in the same folder.");
            }

            var shard = ReadShard(shardPath);
            var declared = SplitCountOf(shard);
            if (declared != count)
            {
                throw new GgufFormatException(
                    $"'{shard.FileName}' says the model is split into {declared} files, but its name says {count}; the parts do not belong together.");
            }

            var number = shard.GetInt64("split.no");
            if (number is not null && number != i - 1)
            {
                throw new GgufFormatException(
                    $"'{shard.FileName}' says it is part {number + 1} of the split model, but its name says part {i}; the parts do not belong together.");
            }

            shards.Add(shard);
        }

        var first = shards[0];
        var tensors = new List<GgufTensorInfo>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < shards.Count; i++)
        {
            foreach (var tensor in shards[i].Tensors)
            {
                if (!names.Add(tensor.Name))
                {
                    throw new GgufFormatException(
                        $"'{shards[i].FileName}' holds tensor '{GgufText.Quote(tensor.Name)}' that another part of the split model also holds; the parts do not belong together.");
                }

                tensors.Add(tensor with { SplitIndex = i });
            }
        }

        var declaredTensors = first.GetInt64("split.tensors.count");
        if (declaredTensors is not null && declaredTensors != tensors.Count)
        {
            throw new GgufFormatException(
                $"'{first.FileName}' says the split model has {declaredTensors:N0} tensors, but its {count} parts hold {tensors.Count:N0}.");
        }

        return new GgufFile(first.Path, first.Version, first.Metadata, tensors, shards.Select(s => s.Splits[0]).ToList());
    }

    private static int SplitCountOf(GgufFile file)
    {
        var count = file.GetInt64("split.count") ?? file.GetInt64("general.split.count") ?? 1;
        if (count is < 1 or > 99999)
        {
            throw new GgufFormatException($"'{file.FileName}' declares an impossible split count of {count:N0}.");
        }

        return (int)count;
    }

    [GeneratedRegex(@"^(?<prefix>.+)-(?<no>\d{5})-of-(?<count>\d{5})\.gguf$", RegexOptions.IgnoreCase)]
    private static partial Regex SplitName();

    private sealed record Shard(
        uint Version, IReadOnlyDictionary<string, GgufValue> Metadata, IReadOnlyList<GgufTensorInfo> Tensors, GgufSplit Split);

    private static Shard ReadHeader(Stream stream, string path)
    {
        var fileName = System.IO.Path.GetFileName(path);
        if (string.IsNullOrEmpty(fileName))
        {
            fileName = path;
        }

        var reader = new GgufBinaryReader(stream, fileName, MaxHeaderBytes);
        if (reader.Length < 4)
        {
            throw new GgufFormatException(
                $"'{fileName}' is not a GGUF file: it is only {reader.Length} bytes long, too short to hold the GGUF magic.");
        }

        var magic = reader.ReadUInt32("the GGUF magic");
        if (magic != Magic)
        {
            throw new GgufFormatException(
                $"'{fileName}' is not a GGUF file: it starts with 0x{magic:X8} instead of the 'GGUF' magic.");
        }

        var version = reader.ReadUInt32("the GGUF version");
        CheckVersion(fileName, version);

        var tensorCount = reader.ReadUInt64("the tensor count");
        var metadataCount = reader.ReadUInt64("the metadata count");
        reader.CheckLength(metadataCount, 13, "the metadata count", MaxMetadataEntries, "entries");
        reader.CheckLength(tensorCount, 24, "the tensor count", MaxTensors, "tensors");

        var context = new ReadContext(reader);
        var metadata = new Dictionary<string, GgufValue>((int)metadataCount, StringComparer.Ordinal);
        for (ulong i = 0; i < metadataCount; i++)
        {
            var key = reader.ReadString($"the key of metadata entry {i:N0}", MaxKeyBytes);
            var shownKey = GgufText.Quote(key);
            var origin = $"Metadata key '{shownKey}' in '{fileName}'";
            var what = $"metadata key '{shownKey}'";
            var typeId = reader.ReadUInt32($"the type of {what}");
            var value = new GgufValue(CheckValueType(fileName, typeId, what), ReadValue(context, (GgufValueType)typeId, what, 0))
            {
                Origin = origin,
            };
            if (!metadata.TryAdd(key, value))
            {
                throw new GgufFormatException($"'{fileName}' is corrupt: metadata key '{shownKey}' appears twice.");
            }
        }

        var alignment = ReadAlignment(fileName, metadata);

        var tensors = new List<GgufTensorInfo>((int)tensorCount);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (ulong i = 0; i < tensorCount; i++)
        {
            var tensor = ReadTensorInfo(reader, fileName, i);
            if (!names.Add(tensor.Name))
            {
                throw new GgufFormatException($"'{fileName}' is corrupt: tensor '{GgufText.Quote(tensor.Name)}' appears twice.");
            }

            tensors.Add(tensor);
        }

        var dataOffset = AlignUp(reader.Position, alignment);
        return new Shard(version, metadata, tensors, new GgufSplit(path, reader.Length, dataOffset, alignment, tensors.Count));
    }

    private static void CheckVersion(string fileName, uint version)
    {
        switch (version)
        {
            case 2 or 3:
                return;
            case 1:
                throw new GgufFormatException(
                    $"'{fileName}' is GGUF version 1, which is no longer supported; convert it with a current llama.cpp (versions 2 and 3 are supported).");
            default:
                var swapped = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(version);
                if (swapped is 1 or 2 or 3)
                {
                    throw new GgufFormatException(
                        $"'{fileName}' is a big-endian GGUF file (version {swapped}), which is not supported; use a little-endian conversion of the model.");
                }

                throw new GgufFormatException(
                    $"'{fileName}' has GGUF version {version}, which this reader does not know (versions 2 and 3 are supported).");
        }
    }

    private static GgufValueType CheckValueType(string fileName, uint typeId, string what)
    {
        if (!GgufValueTypes.IsKnown(typeId))
        {
            throw new GgufFormatException($"'{fileName}' is corrupt: {what} has the unknown value type {typeId}.");
        }

        return (GgufValueType)typeId;
    }

    private sealed class ReadContext(GgufBinaryReader reader)
    {
        public GgufBinaryReader Reader { get; } = reader;

        public long ArrayElementsRead { get; set; }
    }

    private static object ReadValue(ReadContext context, GgufValueType type, string what, int depth)
    {
        var reader = context.Reader;
        return type switch
        {
            GgufValueType.UInt8 => reader.ReadByte(what),
            GgufValueType.Int8 => (sbyte)reader.ReadByte(what),
            GgufValueType.UInt16 => reader.ReadUInt16(what),
            GgufValueType.Int16 => (short)reader.ReadUInt16(what),
            GgufValueType.UInt32 => reader.ReadUInt32(what),
            GgufValueType.Int32 => (int)reader.ReadUInt32(what),
            GgufValueType.Float32 => reader.ReadSingle(what),
            GgufValueType.Bool => reader.ReadByte(what) != 0,
            GgufValueType.String => reader.ReadString(what, MaxStringBytes),
            GgufValueType.Array => ReadArray(context, what, depth),
            GgufValueType.UInt64 => reader.ReadUInt64(what),
            GgufValueType.Int64 => (long)reader.ReadUInt64(what),
            GgufValueType.Float64 => reader.ReadDouble(what),
            _ => throw new GgufFormatException($"'{reader.FileName}' is corrupt: {what} has the unknown value type {(uint)type}."),
        };
    }

    private static GgufArray ReadArray(ReadContext context, string what, int depth)
    {
        var reader = context.Reader;
        if (depth >= MaxArrayDepth)
        {
            throw new GgufFormatException(
                $"'{reader.FileName}' is corrupt: {what} nests arrays more than {MaxArrayDepth} deep.");
        }

        var elementType = CheckValueType(reader.FileName, reader.ReadUInt32($"the element type of {what}"), $"the array {what}");
        var count = reader.ReadUInt64($"the element count of {what}");
        reader.CheckLength(count, GgufValueTypes.MinimumSize(elementType), $"the array {what}", MaxArrayElements, "elements");
        var n = (int)count;
        context.ArrayElementsRead += n;
        if (context.ArrayElementsRead > MaxTotalArrayElements)
        {
            throw new GgufFormatException(
                $"'{reader.FileName}' is corrupt: its metadata arrays hold more than {MaxTotalArrayElements:N0} elements in all.");
        }

        var element = $"an element of {what}";
        return elementType switch
        {
            GgufValueType.UInt8 => new GgufArray(elementType, Fill(n, () => reader.ReadByte(what))),
            GgufValueType.Int8 => new GgufArray(elementType, Fill(n, () => (sbyte)reader.ReadByte(what))),
            GgufValueType.UInt16 => new GgufArray(elementType, Fill(n, () => reader.ReadUInt16(what))),
            GgufValueType.Int16 => new GgufArray(elementType, Fill(n, () => (short)reader.ReadUInt16(what))),
            GgufValueType.UInt32 => new GgufArray(elementType, Fill(n, () => reader.ReadUInt32(what))),
            GgufValueType.Int32 => new GgufArray(elementType, Fill(n, () => (int)reader.ReadUInt32(what))),
            GgufValueType.Float32 => new GgufArray(elementType, Fill(n, () => reader.ReadSingle(what))),
            GgufValueType.Bool => new GgufArray(elementType, Fill(n, () => reader.ReadByte(what) != 0)),
            GgufValueType.String => new GgufArray(elementType, Fill(n, () => reader.ReadString(element, MaxStringBytes))),
            GgufValueType.UInt64 => new GgufArray(elementType, Fill(n, () => reader.ReadUInt64(what))),
            GgufValueType.Int64 => new GgufArray(elementType, Fill(n, () => (long)reader.ReadUInt64(what))),
            GgufValueType.Float64 => new GgufArray(elementType, Fill(n, () => reader.ReadDouble(what))),
            _ => new GgufArray(elementType, Fill(n, () => ReadArray(context, what, depth + 1))),
        };
    }

    private static T[] Fill<T>(int count, Func<T> read)
    {
        var values = new T[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = read();
        }

        return values;
    }

    private static int ReadAlignment(string fileName, Dictionary<string, GgufValue> metadata)
    {
        if (!metadata.TryGetValue("general.alignment", out var value))
        {
            return DefaultAlignment;
        }

        if (value.Value is not uint alignment)
        {
            throw new GgufFormatException(
                $"'{fileName}' is corrupt: general.alignment is {GgufValueTypes.Article(value.Type)} {value.Type}, not a UInt32.");
        }

        if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > 1 << 30)
        {
            throw new GgufFormatException(
                $"'{fileName}' is corrupt: general.alignment is {alignment}, which is not a power of two.");
        }

        return (int)alignment;
    }

    private static GgufTensorInfo ReadTensorInfo(GgufBinaryReader reader, string fileName, ulong index)
    {
        var name = reader.ReadString($"the name of tensor {index:N0}", MaxKeyBytes);
        var what = $"tensor '{GgufText.Quote(name)}'";
        var dimensionCount = reader.ReadUInt32($"the dimension count of {what}");
        if (dimensionCount > MaxDimensions)
        {
            throw new GgufFormatException(
                $"'{fileName}' is corrupt: {what} has {dimensionCount} dimensions, more than the {MaxDimensions} ggml allows.");
        }

        var dimensions = new long[dimensionCount];
        long elements = 1;
        for (var d = 0; d < dimensions.Length; d++)
        {
            var size = reader.ReadUInt64($"the dimensions of {what}");
            if (size > long.MaxValue)
            {
                throw new GgufFormatException($"'{fileName}' is corrupt: {what} has a negative dimension.");
            }

            dimensions[d] = (long)size;
            if (size != 0 && elements > long.MaxValue / (long)size)
            {
                throw new GgufFormatException($"'{fileName}' is corrupt: {what} has more elements than can be counted.");
            }

            elements *= (long)size;
        }

        var typeId = reader.ReadUInt32($"the type of {what}");
        var type = (GgmlType)typeId;
        if (!GgmlTypeInfo.IsKnown(type))
        {
            throw new GgufFormatException(
                $"'{fileName}' uses the unknown or retired ggml tensor type id {typeId} for {what}; convert it with a current llama.cpp.");
        }

        var offset = reader.ReadUInt64($"the data offset of {what}");
        if (offset > long.MaxValue)
        {
            throw new GgufFormatException($"'{fileName}' is corrupt: {what} has an impossible data offset.");
        }

        var byteSize = TensorBytes(fileName, what, dimensions, type);
        if (byteSize > long.MaxValue - (long)offset)
        {
            throw new GgufFormatException($"'{fileName}' is corrupt: the data of {what} ends past any possible file size.");
        }

        return new GgufTensorInfo(name, dimensions, type, (long)offset, byteSize);
    }

    /// <summary>ne[1]*ne[2]*ne[3] rows of RowBytes(ne[0]) bytes.</summary>
    internal static long TensorBytes(string fileName, string what, IReadOnlyList<long> dimensions, GgmlType type)
    {
        var rowElements = dimensions.Count > 0 ? dimensions[0] : 1;
        long rowBytes;
        try
        {
            rowBytes = GgmlTypeInfo.RowBytes(type, rowElements);
        }
        catch (GgufFormatException) when (rowElements % GgmlTypeInfo.BlockSize(type) == 0)
        {
            throw new GgufFormatException($"'{fileName}' is corrupt: the data of {what} is larger than can be addressed.");
        }
        catch (GgufFormatException)
        {
            throw new GgufFormatException(
                $"'{fileName}' is corrupt: {what} has rows of {rowElements:N0} elements, not a multiple of the {type} block size of {GgmlTypeInfo.BlockSize(type)}.");
        }

        long total = rowBytes;
        for (var d = 1; d < dimensions.Count; d++)
        {
            if (dimensions[d] != 0 && total > long.MaxValue / dimensions[d])
            {
                throw new GgufFormatException($"'{fileName}' is corrupt: the data of {what} is larger than can be addressed.");
            }

            total *= dimensions[d];
        }

        return total;
    }

    internal static long AlignUp(long value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
