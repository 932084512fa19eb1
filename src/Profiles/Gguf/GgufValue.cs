using System.Globalization;

namespace ModelScale.Profiles.Gguf;

/// <summary>
/// A GGUF metadata value. <see cref="Value"/> holds the CLR value of the matching type: byte, sbyte, ushort, short,
/// uint, int, float, bool, string, <see cref="GgufArray"/>, ulong, long or double.
/// </summary>
public sealed class GgufValue
{
    public GgufValue(GgufValueType type, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!GgufValueTypes.Matches(type, value))
        {
            throw new ArgumentException(
                $"A GGUF {type} value cannot hold a {value.GetType().Name}.", nameof(value));
        }

        Type = type;
        Value = value;
    }

    public GgufValueType Type { get; }

    public object Value { get; }

    /// <summary>The metadata key and file this value was read from, used in error messages.</summary>
    internal string? Origin { get; set; }

    public static GgufValue FromString(string value) => new(GgufValueType.String, value);

    public static GgufValue FromUInt32(uint value) => new(GgufValueType.UInt32, value);

    public static GgufValue FromInt32(int value) => new(GgufValueType.Int32, value);

    public static GgufValue FromUInt64(ulong value) => new(GgufValueType.UInt64, value);

    public static GgufValue FromInt64(long value) => new(GgufValueType.Int64, value);

    public static GgufValue FromFloat32(float value) => new(GgufValueType.Float32, value);

    public static GgufValue FromFloat64(double value) => new(GgufValueType.Float64, value);

    public static GgufValue FromBool(bool value) => new(GgufValueType.Bool, value);

    public static GgufValue FromArray(GgufArray value) => new(GgufValueType.Array, value);

    /// <summary>The string; throws <see cref="GgufFormatException"/> when the value is not a string.</summary>
    public string AsString() => Value as string ?? throw Mismatch("a string");

    /// <summary>Any integer value as a long; throws <see cref="GgufFormatException"/> otherwise or on overflow.</summary>
    public long AsInt64() => Value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        long v => v,
        ulong v when v <= long.MaxValue => (long)v,
        ulong => throw Mismatch("an integer that fits in 64 signed bits"),
        _ => throw Mismatch("an integer"),
    };

    /// <summary>Any number as a double; throws <see cref="GgufFormatException"/> when the value is not a number.</summary>
    public double AsDouble() => Value switch
    {
        float v => v,
        double v => v,
        ulong v => v,
        byte or sbyte or ushort or short or uint or int or long => AsInt64(),
        _ => throw Mismatch("a number"),
    };

    /// <summary>The boolean; throws <see cref="GgufFormatException"/> when the value is not a bool.</summary>
    public bool AsBool() => Value is bool v ? v : throw Mismatch("a bool");

    /// <summary>The array; throws <see cref="GgufFormatException"/> when the value is not an array.</summary>
    public GgufArray AsArray() => Value as GgufArray ?? throw Mismatch("an array");

    public override string ToString() => Value switch
    {
        string s => s,
        GgufArray a => a.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? string.Empty,
    };

    private GgufFormatException Mismatch(string expected) =>
        new($"{Origin ?? "The GGUF metadata value"} is {GgufValueTypes.Article(Type)} {Type}, not {expected}.");
}

/// <summary>A GGUF metadata array. Elements are stored unboxed; <see cref="Items"/> boxes them on access.</summary>
public sealed class GgufArray
{
    private readonly Array _values;

    /// <summary>Wraps a CLR array whose element type matches <paramref name="elementType"/> (string[] for strings,
    /// GgufArray[] for nested arrays, uint[] for UInt32 and so on).</summary>
    public GgufArray(GgufValueType elementType, Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetType().GetElementType() != GgufValueTypes.ClrType(elementType) || values.Rank != 1)
        {
            throw new ArgumentException(
                $"A GGUF array of {elementType} needs a {GgufValueTypes.ClrType(elementType).Name}[], not a {values.GetType().Name}.",
                nameof(values));
        }

        ElementType = elementType;
        _values = values;
        Items = new BoxingList(values);
    }

    public GgufValueType ElementType { get; }

    public long Count => _values.LongLength;

    public IReadOnlyList<object> Items { get; }

    /// <summary>The elements as a typed list, e.g. <c>Get&lt;string&gt;()</c> for the vocabulary.</summary>
    public IReadOnlyList<T> Get<T>() => _values as T[] ?? throw new GgufFormatException(
        $"The GGUF array holds {ElementType} elements, not {typeof(T).Name}.");

    public static GgufArray Of(params string[] values) => new(GgufValueType.String, values);

    public static GgufArray Of(params int[] values) => new(GgufValueType.Int32, values);

    public static GgufArray Of(params float[] values) => new(GgufValueType.Float32, values);

    public override string ToString() => $"[{ElementType} x {Count}]";

    private sealed class BoxingList(Array values) : IReadOnlyList<object>
    {
        public int Count => values.Length;

        public object this[int index] => values.GetValue(index)!;

        public IEnumerator<object> GetEnumerator()
        {
            for (var i = 0; i < values.Length; i++)
            {
                yield return values.GetValue(i)!;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

internal static class GgufValueTypes
{
    public static bool IsKnown(uint type) => type <= (uint)GgufValueType.Float64;

    /// <summary>The smallest number of bytes one value of the type takes in a file.</summary>
    public static int MinimumSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 or GgufValueType.String => 8,
        GgufValueType.Array => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static Type ClrType(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => typeof(byte),
        GgufValueType.Int8 => typeof(sbyte),
        GgufValueType.UInt16 => typeof(ushort),
        GgufValueType.Int16 => typeof(short),
        GgufValueType.UInt32 => typeof(uint),
        GgufValueType.Int32 => typeof(int),
        GgufValueType.Float32 => typeof(float),
        GgufValueType.Bool => typeof(bool),
        GgufValueType.String => typeof(string),
        GgufValueType.Array => typeof(GgufArray),
        GgufValueType.UInt64 => typeof(ulong),
        GgufValueType.Int64 => typeof(long),
        GgufValueType.Float64 => typeof(double),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown GGUF value type."),
    };

    public static bool Matches(GgufValueType type, object value) =>
        IsKnown((uint)type) && value.GetType() == ClrType(type);

    public static string Article(GgufValueType type) =>
        type is GgufValueType.Int8 or GgufValueType.Int16 or GgufValueType.Int32 or GgufValueType.Int64
            or GgufValueType.Array
            ? "an"
            : "a";
}
