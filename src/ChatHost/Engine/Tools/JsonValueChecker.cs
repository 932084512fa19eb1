namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>What one character did to a <see cref="JsonValueChecker"/>.</summary>
public enum JsonCheck
{
    /// <summary>The character belongs to the value, which goes on.</summary>
    More,

    /// <summary>The character ended the value (a closing bracket, quote or a literal's last letter).</summary>
    Ended,

    /// <summary>The value (a number) ended just before the character, which is not the value's.</summary>
    EndedBefore,

    /// <summary>The character cannot come there in JSON: the value is not JSON, and nothing more is read.</summary>
    Invalid,
}

/// <summary>
/// Checks that one JSON value (RFC 8259) is well formed as it is written, a character at a time, each looked at once:
/// brackets must match by kind, an object holds "key": value pairs separated by commas (no trailing comma), literals
/// are true, false and null spelt out, numbers and strings (escapes included) follow the grammar. It answers at the
/// first character that cannot be JSON, so a value is known bad before it is finished.
/// </summary>
public sealed class JsonValueChecker
{
    private readonly List<bool> _containers = [];
    private Expect _expect = Expect.Value;
    private bool _over;

    private bool _inString;
    private bool _stringIsKey;
    private bool _escape;
    private int _hex;

    private string? _literal;
    private int _literalAt;

    private Number _number;

    /// <summary>Inside a string (a key or a value), where brackets and quotes of markup are text.</summary>
    public bool InString => _inString && !_over;

    private enum Expect
    {
        Value,
        FirstValueOrEnd,
        FirstKeyOrEnd,
        Key,
        Colon,
        CommaOrEnd,
    }

    private enum Number
    {
        None,
        Minus,
        Zero,
        Integer,
        Dot,
        Fraction,
        E,
        ExponentSign,
        Exponent,
    }

    /// <summary>Starts over, for the next value.</summary>
    public void Reset()
    {
        _containers.Clear();
        _expect = Expect.Value;
        _over = false;
        _inString = false;
        _escape = false;
        _hex = 0;
        _literal = null;
        _number = Number.None;
    }

    public JsonCheck Feed(char c)
    {
        if (_over)
        {
            return JsonCheck.Invalid;
        }

        if (_inString)
        {
            return InStringChar(c);
        }

        if (_literal is not null)
        {
            if (c != _literal[_literalAt])
            {
                return Fail();
            }

            if (++_literalAt < _literal.Length)
            {
                return JsonCheck.More;
            }

            _literal = null;
            return ValueEnded();
        }

        if (_number != Number.None)
        {
            if (NumberChar(c))
            {
                return JsonCheck.More;
            }

            if (_number is not (Number.Zero or Number.Integer or Number.Fraction or Number.Exponent))
            {
                return Fail();
            }

            _number = Number.None;
            if (ValueEnded() == JsonCheck.Ended)
            {
                return JsonCheck.EndedBefore;
            }
        }

        if (c is ' ' or '\t' or '\n' or '\r')
        {
            return JsonCheck.More;
        }

        switch (_expect)
        {
            case Expect.FirstValueOrEnd when c == ']':
            case Expect.FirstKeyOrEnd when c == '}':
                return Close();
            case Expect.Value or Expect.FirstValueOrEnd:
                return StartValue(c);
            case Expect.FirstKeyOrEnd or Expect.Key when c == '"':
                _inString = true;
                _stringIsKey = true;
                return JsonCheck.More;
            case Expect.Colon when c == ':':
                _expect = Expect.Value;
                return JsonCheck.More;
            case Expect.CommaOrEnd when c == ',':
                _expect = _containers[^1] ? Expect.Key : Expect.Value;
                return JsonCheck.More;
            case Expect.CommaOrEnd when c == (_containers[^1] ? '}' : ']'):
                return Close();
            default:
                return Fail();
        }
    }

    private JsonCheck StartValue(char c)
    {
        switch (c)
        {
            case '{' or '[':
                _containers.Add(c == '{');
                _expect = c == '{' ? Expect.FirstKeyOrEnd : Expect.FirstValueOrEnd;
                return JsonCheck.More;
            case '"':
                _inString = true;
                _stringIsKey = false;
                return JsonCheck.More;
            case '-':
                _number = Number.Minus;
                return JsonCheck.More;
            case '0':
                _number = Number.Zero;
                return JsonCheck.More;
            case >= '1' and <= '9':
                _number = Number.Integer;
                return JsonCheck.More;
            case 't' or 'f' or 'n':
                _literal = c switch { 't' => "true", 'f' => "false", _ => "null" };
                _literalAt = 1;
                return JsonCheck.More;
            default:
                return Fail();
        }
    }

    private JsonCheck InStringChar(char c)
    {
        if (_hex > 0)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return Fail();
            }

            _hex--;
            return JsonCheck.More;
        }

        if (_escape)
        {
            _escape = false;
            switch (c)
            {
                case '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't':
                    return JsonCheck.More;
                case 'u':
                    _hex = 4;
                    return JsonCheck.More;
                default:
                    return Fail();
            }
        }

        switch (c)
        {
            case '\\':
                _escape = true;
                return JsonCheck.More;
            case '"':
                _inString = false;
                if (_stringIsKey)
                {
                    _expect = Expect.Colon;
                    return JsonCheck.More;
                }

                return ValueEnded();
            case < ' ':
                return Fail();
            default:
                return JsonCheck.More;
        }
    }

    private bool NumberChar(char c)
    {
        var digit = char.IsAsciiDigit(c);
        var next = (_number, c) switch
        {
            (Number.Minus, '0') => Number.Zero,
            (Number.Minus, _) when digit => Number.Integer,
            (Number.Integer, _) when digit => Number.Integer,
            (Number.Zero or Number.Integer, '.') => Number.Dot,
            (Number.Dot or Number.Fraction, _) when digit => Number.Fraction,
            (Number.Zero or Number.Integer or Number.Fraction, 'e' or 'E') => Number.E,
            (Number.E, '+' or '-') => Number.ExponentSign,
            (Number.E or Number.ExponentSign or Number.Exponent, _) when digit => Number.Exponent,
            _ => Number.None,
        };
        if (next == Number.None)
        {
            return false;
        }

        _number = next;
        return true;
    }

    private JsonCheck Close()
    {
        _containers.RemoveAt(_containers.Count - 1);
        return ValueEnded();
    }

    /// <summary>A value inside the outermost one ended (More), or the outermost one did (Ended).</summary>
    private JsonCheck ValueEnded()
    {
        if (_containers.Count == 0)
        {
            _over = true;
            return JsonCheck.Ended;
        }

        _expect = Expect.CommaOrEnd;
        return JsonCheck.More;
    }

    private JsonCheck Fail()
    {
        _over = true;
        return JsonCheck.Invalid;
    }
}
