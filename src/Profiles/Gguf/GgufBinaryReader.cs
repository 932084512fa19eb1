using System.Buffers.Binary;
using System.Text;

namespace ModelScale.Profiles.Gguf;

/// <summary>
/// A buffered little-endian reader over a seekable stream that knows how many bytes remain, so that every length
/// read from the file is checked against the file before anything is allocated. Every failure is a
/// <see cref="GgufFormatException"/> naming the file.
/// </summary>
internal sealed class GgufBinaryReader
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly long _start;
    private readonly long _length;
    private readonly long _limit;
    private int _bufferPos;
    private int _bufferLength;
    private long _bufferStart;

    /// <param name="stream">Seekable stream positioned at the start of the file.</param>
    /// <param name="fileName">Name used in error messages.</param>
    /// <param name="limit">Most bytes of the file the header may take.</param>
    public GgufBinaryReader(Stream stream, string fileName, long limit)
    {
        _stream = stream;
        FileName = fileName;
        _start = stream.Position;
        _length = stream.Length - _start;
        _limit = limit;
    }

    public string FileName { get; }

    /// <summary>Bytes in the file, counted from where reading started.</summary>
    public long Length => _length;

    /// <summary>Offset of the next byte, from where reading started.</summary>
    public long Position => _bufferStart + _bufferPos;

    public long Remaining => _length - Position;

    public byte ReadByte(string what)
    {
        Ensure(1, what);
        return _buffer[_bufferPos++];
    }

    public ushort ReadUInt16(string what)
    {
        Ensure(2, what);
        var value = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(_bufferPos));
        _bufferPos += 2;
        return value;
    }

    public uint ReadUInt32(string what)
    {
        Ensure(4, what);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_bufferPos));
        _bufferPos += 4;
        return value;
    }

    public ulong ReadUInt64(string what)
    {
        Ensure(8, what);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(_bufferPos));
        _bufferPos += 8;
        return value;
    }

    public float ReadSingle(string what) => BitConverter.Int32BitsToSingle((int)ReadUInt32(what));

    public double ReadDouble(string what) => BitConverter.Int64BitsToDouble((long)ReadUInt64(what));

    /// <summary>Reads a GGUF string: a uint64 byte length then that many UTF-8 bytes.</summary>
    public string ReadString(string what, long maxBytes)
    {
        var length = ReadUInt64($"the length of {what}");
        if (length == 0)
        {
            return string.Empty;
        }

        CheckLength(length, 1, what, maxBytes, "bytes");
        var byteCount = (int)length;
        if (byteCount <= BufferSize)
        {
            Ensure(byteCount, what);
            var text = Encoding.UTF8.GetString(_buffer, _bufferPos, byteCount);
            _bufferPos += byteCount;
            return text;
        }

        var bytes = new byte[byteCount];
        ReadExactly(bytes, what);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Checks a count read from the file: <paramref name="count"/> items of at least <paramref name="minItemBytes"/>
    /// bytes each must fit in what remains of the file and must not exceed <paramref name="maxCount"/>.
    /// </summary>
    public void CheckLength(ulong count, int minItemBytes, string what, long maxCount, string unit)
    {
        var remaining = (ulong)Math.Max(0, Remaining);
        if (count > remaining / (ulong)minItemBytes)
        {
            throw new GgufFormatException(
                $"'{FileName}' is corrupt or truncated: {what} claims {count:N0} {unit}, but only {remaining:N0} bytes remain in the file.");
        }

        if (count > (ulong)maxCount)
        {
            throw new GgufFormatException(
                $"'{FileName}' is corrupt: {what} claims {count:N0} {unit}, more than the limit of {maxCount:N0} this reader accepts.");
        }
    }

    private void ReadExactly(Span<byte> destination, string what)
    {
        CheckAvailable(destination.Length, what);
        var fromBuffer = Math.Min(destination.Length, _bufferLength - _bufferPos);
        _buffer.AsSpan(_bufferPos, fromBuffer).CopyTo(destination);
        _bufferPos += fromBuffer;
        var rest = destination[fromBuffer..];
        while (!rest.IsEmpty)
        {
            var read = _stream.Read(rest);
            if (read <= 0)
            {
                throw Truncated(what);
            }

            rest = rest[read..];
        }

        // The buffer is now empty and the stream is past it.
        _bufferStart += _bufferLength + destination.Length - fromBuffer;
        _bufferPos = 0;
        _bufferLength = 0;
    }

    private void Ensure(int count, string what)
    {
        if (_bufferLength - _bufferPos >= count)
        {
            return;
        }

        CheckAvailable(count, what);
        var kept = _bufferLength - _bufferPos;
        Buffer.BlockCopy(_buffer, _bufferPos, _buffer, 0, kept);
        _bufferStart += _bufferPos;
        _bufferPos = 0;
        _bufferLength = kept;
        while (_bufferLength < count)
        {
            var read = _stream.Read(_buffer, _bufferLength, BufferSize - _bufferLength);
            if (read <= 0)
            {
                throw Truncated(what);
            }

            _bufferLength += read;
        }
    }

    private void CheckAvailable(long count, string what)
    {
        if (Position + count > _length)
        {
            throw Truncated(what);
        }

        if (Position + count > _limit)
        {
            throw new GgufFormatException(
                $"'{FileName}' is corrupt: its header runs past {_limit / (1024 * 1024):N0} MiB while reading {what}, far more than any real model needs.");
        }
    }

    private GgufFormatException Truncated(string what) =>
        new($"'{FileName}' is truncated: it ends after {_length:N0} bytes, in the middle of {what}; download it again.");
}
