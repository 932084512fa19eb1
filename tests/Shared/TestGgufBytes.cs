using System.Text;

namespace ModelScale.Tests.Shared;

/// <summary>
/// A GGUF file of a given length for download tests: a valid v3 header (architecture "llama", no tensors) followed by
/// deterministic bytes, so that a pull's GGUF check accepts it and its hash differs from seed to seed.
/// </summary>
internal static class TestGgufBytes
{
    public static byte[] Create(int length, uint seed = 1)
    {
        using var header = new MemoryStream();
        using (var writer = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("GGUF"u8);
            writer.Write(3u);
            writer.Write(0UL);
            writer.Write(1UL);
            WriteString(writer, "general.architecture");
            writer.Write(8u);
            WriteString(writer, "llama");
        }

        var head = header.ToArray();
        if (length < head.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"A test GGUF needs at least {head.Length} bytes.");
        }

        var bytes = FixtureHttpServer.DeterministicBytes(length, seed);
        head.CopyTo(bytes, 0);
        return bytes;
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)utf8.Length);
        writer.Write(utf8);
    }
}
