namespace ModelScale.Profiles.Planning;

/// <summary>How the KV cache stores keys and values, as llama.cpp's <c>--cache-type-k/-v</c>.</summary>
public enum KvCacheType
{
    /// <summary>16-bit floats: 2 bytes per element (llama.cpp's default).</summary>
    F16,

    /// <summary>8-bit blocks: 34 bytes per 32 elements, about half of f16.</summary>
    Q8_0,
}

/// <summary>Sizes for <see cref="KvCacheType"/>.</summary>
public static class KvCacheTypes
{
    /// <summary>Bytes for <paramref name="elements"/> elements of the cache type (rounded up to whole blocks).</summary>
    public static long Bytes(KvCacheType type, long elements) => type switch
    {
        KvCacheType.F16 => elements * 2,
        KvCacheType.Q8_0 => (elements + 31) / 32 * 34,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Parses "f16" or "q8_0" (any case); false for anything else.</summary>
    public static bool TryParse(string? text, out KvCacheType type)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "f16":
                type = KvCacheType.F16;
                return true;
            case "q8_0" or "q8":
                type = KvCacheType.Q8_0;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>The name llama.cpp uses: "f16" or "q8_0".</summary>
    public static string Name(KvCacheType type) => type == KvCacheType.Q8_0 ? "q8_0" : "f16";
}
