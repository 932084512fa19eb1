using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Llama 3.1's built-in tool call, as its template teaches it after <c>&lt;|python_tag|&gt;</c>:
/// <c>brave_search.call(query="...")</c>, a tool name, <c>.call(</c>, keyword arguments whose values are JSON, and
/// <c>)</c>. It becomes the call of that name with the keywords as its arguments object, the way llama.cpp's
/// common/chat reads it.
/// </summary>
public static class Llama3BuiltinCall
{
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The call the text is (spaces around it allowed); null when it is not one.</summary>
    public static ParsedToolCall? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text.Trim());
        var at = 0;
        var name = Word(bytes, ref at);
        if (name is null || !Literal(bytes, ref at, ".") || !Literal(bytes, ref at, "call") || !Literal(bytes, ref at, "("))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var arguments = new Utf8JsonWriter(buffer, Writer))
        {
            arguments.WriteStartObject();
            var first = true;
            while (!Literal(bytes, ref at, ")"))
            {
                if ((!first && !Literal(bytes, ref at, ",")) || Word(bytes, ref at) is not { } key || !Literal(bytes, ref at, "=") || Value(bytes, ref at) is not { } value)
                {
                    return null;
                }

                arguments.WritePropertyName(key);
                value.WriteTo(arguments);
                first = false;
            }

            arguments.WriteEndObject();
        }

        Spaces(bytes, ref at);
        return at == bytes.Length ? new ParsedToolCall(name, Encoding.UTF8.GetString(buffer.ToArray())) : null;
    }

    private static string? Word(byte[] bytes, ref int at)
    {
        Spaces(bytes, ref at);
        var start = at;
        while (at < bytes.Length && (char.IsAsciiLetterOrDigit((char)bytes[at]) || bytes[at] == '_'))
        {
            at++;
        }

        return at > start ? Encoding.ASCII.GetString(bytes, start, at - start) : null;
    }

    private static bool Literal(byte[] bytes, ref int at, string literal)
    {
        Spaces(bytes, ref at);
        if (at + literal.Length > bytes.Length || Encoding.ASCII.GetString(bytes, at, literal.Length) != literal)
        {
            return false;
        }

        at += literal.Length;
        return true;
    }

    /// <summary>One JSON value, read up to its end (what follows it is not the reader's).</summary>
    private static JsonElement? Value(byte[] bytes, ref int at)
    {
        Spaces(bytes, ref at);
        if (at < bytes.Length && bytes[at] is not ((byte)'{' or (byte)'[' or (byte)'"'))
        {
            // A number or a literal: the reader wants a JSON delimiter after it, and ')' is none.
            var start = at;
            while (at < bytes.Length && (char.IsAsciiLetterOrDigit((char)bytes[at]) || bytes[at] is (byte)'-' or (byte)'+' or (byte)'.'))
            {
                at++;
            }

            return ToolCallJson.TryParse(Encoding.ASCII.GetString(bytes, start, at - start));
        }

        var reader = new Utf8JsonReader(bytes.AsSpan(at), new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            if (!JsonDocument.TryParseValue(ref reader, out var document))
            {
                return null;
            }

            using (document)
            {
                at += (int)reader.BytesConsumed;
                return document.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Spaces(byte[] bytes, ref int at)
    {
        while (at < bytes.Length && bytes[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            at++;
        }
    }
}
