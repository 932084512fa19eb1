using System.Buffers.Binary;
using System.Text;

namespace ModelScale.Profiles.Gguf;

/// <summary>
/// Writes a little-endian GGUF v3 file from metadata and tensor descriptions: header-only (a planning fixture
/// with real shapes and no weights) or with each tensor's data supplied by a callback.
/// </summary>
public sealed class GgufWriter
{
    private readonly List<KeyValuePair<string, GgufValue>> _metadata = [];
    private readonly List<PendingTensor> _tensors = [];

    public GgufWriter(int alignment = GgufReader.DefaultAlignment)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "The alignment must be a power of two.");
        }

        Alignment = alignment;
    }

    public int Alignment { get; }

    /// <summary>The version number written to the header (3 by default; tests may write others).</summary>
    public uint Version { get; set; } = 3;

    /// <summary>The tensor table as it will be written, with offsets laid out at the alignment.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors => _tensors.Select(t => t.Info).ToList();

    public GgufWriter Add(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (_metadata.Any(kv => kv.Key == key))
        {
            throw new ArgumentException($"Metadata key '{key}' was already added.", nameof(key));
        }

        _metadata.Add(new(key, value));
        return this;
    }

    public GgufWriter Add(string key, string value) => Add(key, GgufValue.FromString(value));

    public GgufWriter Add(string key, uint value) => Add(key, GgufValue.FromUInt32(value));

    public GgufWriter Add(string key, int value) => Add(key, GgufValue.FromInt32(value));

    public GgufWriter Add(string key, ulong value) => Add(key, GgufValue.FromUInt64(value));

    public GgufWriter Add(string key, long value) => Add(key, GgufValue.FromInt64(value));

    public GgufWriter Add(string key, float value) => Add(key, GgufValue.FromFloat32(value));

    public GgufWriter Add(string key, bool value) => Add(key, GgufValue.FromBool(value));

    public GgufWriter Add(string key, GgufArray value) => Add(key, GgufValue.FromArray(value));

    /// <summary>
    /// Adds a tensor. <paramref name="writeData"/> must write exactly the tensor's byte size to the stream it is
    /// given; when null, <see cref="Write(Stream)"/> writes zeros. <paramref name="offset"/> overrides the laid-out
    /// data offset (for malformed fixtures; header-only files only).
    /// </summary>
    public GgufWriter AddTensor(
        string name,
        IReadOnlyList<long> dimensions,
        GgmlType type,
        Action<GgufTensorInfo, Stream>? writeData = null,
        long? offset = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Count > GgufReader.MaxDimensions || dimensions.Any(d => d < 0))
        {
            throw new ArgumentException("A tensor has at most 4 dimensions, none negative.", nameof(dimensions));
        }

        if (!GgmlTypeInfo.IsKnown(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown ggml type.");
        }

        if (_tensors.Any(t => t.Info.Name == name))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }

        long byteSize;
        try
        {
            byteSize = GgufReader.TensorBytes("the new file", $"tensor '{name}'", dimensions, type);
        }
        catch (GgufFormatException ex)
        {
            throw new ArgumentException(ex.Message, nameof(dimensions), ex);
        }

        var next = _tensors.Count == 0
            ? 0
            : GgufReader.AlignUp(_tensors[^1].Info.Offset + _tensors[^1].Info.ByteSize, Alignment);
        var info = new GgufTensorInfo(name, dimensions.ToArray(), type, offset ?? next, byteSize);
        _tensors.Add(new PendingTensor(info, writeData, offset is not null));
        return this;
    }

    /// <summary>Writes the header and tensor table only, padded to where the data would start.</summary>
    public void WriteHeaderOnly(string path)
    {
        using var stream = File.Create(path);
        WriteHeaderOnly(stream);
    }

    /// <inheritdoc cref="WriteHeaderOnly(string)"/>
    public void WriteHeaderOnly(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = BuildHeader();
        stream.Write(header);
        WriteZeros(stream, GgufReader.AlignUp(header.Length, Alignment) - header.Length);
        stream.Flush();
    }

    /// <summary>Writes the header, the tensor table and every tensor's data.</summary>
    public void Write(string path)
    {
        using var stream = File.Create(path);
        Write(stream);
    }

    /// <inheritdoc cref="Write(string)"/>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (_tensors.Any(t => t.OffsetOverridden))
        {
            throw new InvalidOperationException("Tensors with overridden offsets can only be written header-only.");
        }

        var header = BuildHeader();
        stream.Write(header);
        var dataStart = GgufReader.AlignUp(header.Length, Alignment);
        WriteZeros(stream, dataStart - header.Length);
        long written = 0;
        foreach (var tensor in _tensors)
        {
            WriteZeros(stream, tensor.Info.Offset - written);
            written = tensor.Info.Offset;
            if (tensor.WriteData is null)
            {
                WriteZeros(stream, tensor.Info.ByteSize);
            }
            else
            {
                using var counter = new CountingStream(stream, tensor.Info.ByteSize);
                tensor.WriteData(tensor.Info, counter);
                if (counter.Written != tensor.Info.ByteSize)
                {
                    throw new InvalidOperationException(
                        $"The data callback for tensor '{tensor.Info.Name}' wrote {counter.Written} bytes instead of {tensor.Info.ByteSize}.");
                }
            }

            written += tensor.Info.ByteSize;
        }

        WriteZeros(stream, GgufReader.AlignUp(written, Alignment) - written);
        stream.Flush();
    }

    private byte[] BuildHeader()
    {
        using var buffer = new MemoryStream();
        var metadata = _metadata.ToList();
        if (Alignment != GgufReader.DefaultAlignment && !metadata.Any(kv => kv.Key == "general.alignment"))
        {
            metadata.Add(new("general.alignment", GgufValue.FromUInt32((uint)Alignment)));
        }

        WriteUInt32(buffer, GgufReader.Magic);
        WriteUInt32(buffer, Version);
        WriteUInt64(buffer, (ulong)_tensors.Count);
        WriteUInt64(buffer, (ulong)metadata.Count);
        foreach (var (key, value) in metadata)
        {
            WriteString(buffer, key);
            WriteUInt32(buffer, (uint)value.Type);
            WriteValue(buffer, value.Type, value.Value);
        }

        foreach (var tensor in _tensors)
        {
            var info = tensor.Info;
            WriteString(buffer, info.Name);
            WriteUInt32(buffer, (uint)info.Dimensions.Count);
            foreach (var dimension in info.Dimensions)
            {
                WriteUInt64(buffer, (ulong)dimension);
            }

            WriteUInt32(buffer, (uint)info.Type);
            WriteUInt64(buffer, (ulong)info.Offset);
        }

        return buffer.ToArray();
    }

    private static void WriteValue(Stream stream, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.UInt8: stream.WriteByte((byte)value); break;
            case GgufValueType.Int8: stream.WriteByte((byte)(sbyte)value); break;
            case GgufValueType.UInt16: WriteUInt16(stream, (ushort)value); break;
            case GgufValueType.Int16: WriteUInt16(stream, (ushort)(short)value); break;
            case GgufValueType.UInt32: WriteUInt32(stream, (uint)value); break;
            case GgufValueType.Int32: WriteUInt32(stream, (uint)(int)value); break;
            case GgufValueType.Float32: WriteUInt32(stream, (uint)BitConverter.SingleToInt32Bits((float)value)); break;
            case GgufValueType.Bool: stream.WriteByte((bool)value ? (byte)1 : (byte)0); break;
            case GgufValueType.String: WriteString(stream, (string)value); break;
            case GgufValueType.UInt64: WriteUInt64(stream, (ulong)value); break;
            case GgufValueType.Int64: WriteUInt64(stream, (ulong)(long)value); break;
            case GgufValueType.Float64: WriteUInt64(stream, (ulong)BitConverter.DoubleToInt64Bits((double)value)); break;
            case GgufValueType.Array:
                var array = (GgufArray)value;
                WriteUInt32(stream, (uint)array.ElementType);
                WriteUInt64(stream, (ulong)array.Count);
                foreach (var item in array.Items)
                {
                    WriteValue(stream, array.ElementType, item);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown GGUF value type.");
        }
    }

    private static void WriteString(Stream stream, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteUInt64(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteUInt16(Stream stream, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteUInt32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteUInt64(Stream stream, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteZeros(Stream stream, long count)
    {
        Span<byte> zeros = stackalloc byte[4096];
        zeros.Clear();
        while (count > 0)
        {
            var chunk = (int)Math.Min(count, zeros.Length);
            stream.Write(zeros[..chunk]);
            count -= chunk;
        }
    }

    private sealed record PendingTensor(GgufTensorInfo Info, Action<GgufTensorInfo, Stream>? WriteData, bool OffsetOverridden);

    /// <summary>Passes writes through to the output, refusing to write past one tensor's data.</summary>
    private sealed class CountingStream(Stream inner, long limit) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Written;
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Written + buffer.Length > limit)
            {
                throw new InvalidOperationException($"A tensor data callback wrote more than the tensor's {limit} bytes.");
            }

            inner.Write(buffer);
            Written += buffer.Length;
        }
    }
}
