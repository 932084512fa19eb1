using System.Text;
using System.Text.Json;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Reads tool calls out of one JSON value as the model writes it, a character at a time, each character looked at
/// once. The value is a call (<c>{"name": ..., "arguments"|"parameters": {...}}</c>, maybe nested under "function"),
/// an array of calls, or an object holding "tool_calls" (an array) or "tool_call" (one). A call begins as soon as its
/// name is known and its arguments object has opened (llama.cpp's parsers wait for the same two things), and its
/// arguments then stream as the raw JSON text the model writes, so the fragments joined are exactly the final
/// arguments. Arguments given as a string holding JSON, or left out, come whole when the call object closes. Every
/// value is checked to be JSON as it comes: at the first character that cannot be, the scanner fails there, and a call
/// already begun ends with its arguments as far as they were JSON, as a call cut short does.
/// </summary>
public sealed class JsonCallScanner(Func<int> nextIndex)
{
    private readonly List<Frame> _stack = [];
    private readonly StringBuilder _token = new();
    private Mode _mode = Mode.Value;
    private bool _escape;
    private Target _target;

    // The skipper: a value whose inside does not matter (or an arguments object, copied as it is), checked to be JSON.
    private readonly JsonValueChecker _skip = new();
    private Call? _skipInto;

    /// <summary>The value has ended; characters after it are not the scanner's.</summary>
    public bool Done { get; private set; }

    /// <summary>The text is not the JSON of calls (a structural error); nothing more is read.</summary>
    public bool Failed { get; private set; }

    /// <summary>How many calls have begun.</summary>
    public int Begun { get; private set; }

    /// <summary>Inside a JSON string, where a marker is text.</summary>
    public bool InString => !Failed && !Done && (_mode == Mode.String || (_mode == Mode.Skip && _skip.InString));

    private enum Mode
    {
        Value,
        AfterValue,
        Key,
        Colon,
        String,
        Skip,
    }

    private enum Role
    {
        Candidate,
        Calls,
    }

    private enum Target
    {
        None,
        Key,
        Name,
        ArgumentsString,
    }

    private enum ArgumentsKind
    {
        Missing,
        Object,
        String,
        Null,
        Invalid,
    }

    public void Feed(char c, List<ToolParsePart> parts)
    {
        if (Done || Failed)
        {
            return;
        }

        switch (_mode)
        {
            case Mode.Skip:
                Skip(c, parts);
                return;
            case Mode.String:
                InStringChar(c, parts);
                return;
        }

        if (char.IsWhiteSpace(c))
        {
            return;
        }

        switch (_mode)
        {
            case Mode.Value:
                StartValue(c, parts);
                break;
            case Mode.Key:
                if (c == '"')
                {
                    BeginString(Target.Key);
                }
                else if (c == '}' && _stack[^1].Key is null && _stack[^1].Members == 0)
                {
                    Close(parts);
                }
                else
                {
                    Failed = true;
                }

                break;
            case Mode.Colon:
                if (c == ':')
                {
                    _mode = Mode.Value;
                }
                else
                {
                    Failed = true;
                }

                break;
            case Mode.AfterValue:
                var top = _stack[^1];
                if (c == ',')
                {
                    _mode = top.IsObject ? Mode.Key : Mode.Value;
                    top.Key = null;
                }
                else if (c == (top.IsObject ? '}' : ']'))
                {
                    Close(parts);
                }
                else
                {
                    Failed = true;
                }

                break;
        }
    }

    /// <summary>Sends what the open call's arguments gained since the last time (one fragment per piece of the answer).</summary>
    public void Flush(List<ToolParsePart> parts)
    {
        foreach (var frame in _stack)
        {
            if (frame.Call is { Ended: false } call)
            {
                Flush(call, parts);
            }
        }
    }

    /// <summary>The text ended (or stopped being JSON) inside calls: a begun call ends with the arguments it has.</summary>
    public void EndOpen(List<ToolParsePart> parts)
    {
        Flush(parts);
        foreach (var frame in _stack)
        {
            if (frame.Call is { Index: >= 0, Ended: false } call)
            {
                call.Ended = true;
                parts.Add(new ToolCallEnd(call.Index, new ParsedToolCall(call.Name!, call.Arguments.ToString())));
            }
        }
    }

    private void StartValue(char c, List<ToolParsePart> parts)
    {
        var parent = _stack.Count > 0 ? _stack[^1] : null;
        var key = parent?.Key;
        var role = parent is null ? (c == '[' ? Role.Calls : Role.Candidate)
            : parent.Role == Role.Calls ? Role.Candidate
            : key is "tool_calls" ? Role.Calls
            : Role.Candidate;
        var owner = parent is { IsObject: true, Role: Role.Candidate } ? parent.Call : null;
        var meaningful = parent is null || parent.Role == Role.Calls || key is "function" or "tool_call" or "tool_calls";

        if (owner is not null && key is "name")
        {
            if (c == '"')
            {
                BeginString(Target.Name);
                return;
            }

            BeginSkip(c, null, parts);
            return;
        }

        if (owner is not null && key is "arguments" or "parameters" && owner.Kind == ArgumentsKind.Missing)
        {
            switch (c)
            {
                case '{':
                    owner.Kind = ArgumentsKind.Object;
                    TryBegin(owner, parts);
                    BeginSkip(c, owner, parts);
                    return;
                case '"':
                    owner.Kind = ArgumentsKind.String;
                    BeginString(Target.ArgumentsString);
                    return;
                case 'n':
                    // The checker lets only "null" through.
                    owner.Kind = ArgumentsKind.Null;
                    break;
                default:
                    owner.Kind = ArgumentsKind.Invalid;
                    break;
            }

            BeginSkip(c, null, parts);
            return;
        }

        if (meaningful && c is '{' or '[')
        {
            var isObject = c == '{';
            if (isObject != (role == Role.Candidate))
            {
                // An object where calls were expected in an array, or the reverse: not a call, skipped whole.
                if (parent is null)
                {
                    Failed = true;
                    return;
                }

                BeginSkip(c, null, parts);
                return;
            }

            _stack.Add(new Frame(isObject, role, isObject ? new Call() : null));
            _mode = isObject ? Mode.Key : Mode.Value;
            return;
        }

        if (parent is null)
        {
            Failed = true;
            return;
        }

        if (parent is { IsObject: false } && c == ']' && parent.Members == 0)
        {
            Close(parts);
            return;
        }

        BeginSkip(c, null, parts);
    }

    private void BeginString(Target target)
    {
        _mode = Mode.String;
        _target = target;
        _escape = false;
        _token.Clear();
    }

    private void InStringChar(char c, List<ToolParsePart> parts)
    {
        if (_escape)
        {
            _escape = false;
            _token.Append(c);
            return;
        }

        if (c == '\\')
        {
            _escape = true;
            _token.Append(c);
            return;
        }

        if (c != '"')
        {
            _token.Append(c);
            return;
        }

        var text = Decode(_token.ToString());
        if (text is null)
        {
            Failed = true;
            return;
        }

        var top = _stack[^1];
        switch (_target)
        {
            case Target.Key:
                top.Key = text;
                _mode = Mode.Colon;
                return;
            case Target.Name:
                if (top.Call!.Name is null && text.Length > 0)
                {
                    top.Call.Name = text;
                    TryBegin(top.Call, parts);
                }

                break;
            case Target.ArgumentsString:
                top.Call!.Arguments.Append(text);
                break;
        }

        EndMember();
    }

    /// <summary>
    /// Skips one value whose inside does not matter; an arguments object is copied into its call as it goes. The value
    /// is checked to be JSON a character at a time: at the first character that cannot be, the scanner fails there,
    /// and that character is not copied (a begun call then ends with its arguments as far as they were JSON).
    /// </summary>
    private void BeginSkip(char c, Call? into, List<ToolParsePart> parts)
    {
        _skip.Reset();
        _skipInto = into;
        _mode = Mode.Skip;
        Skip(c, parts);
    }

    private void Skip(char c, List<ToolParsePart> parts)
    {
        switch (_skip.Feed(c))
        {
            case JsonCheck.More:
                _skipInto?.Arguments.Append(c);
                break;
            case JsonCheck.Ended:
                _skipInto?.Arguments.Append(c);
                EndSkip();
                break;
            case JsonCheck.EndedBefore:
                // A number ended before this character, which is the next thing in the scanner's own JSON.
                EndSkip();
                Feed(c, parts);

                break;
            default:
                Failed = true;
                break;
        }
    }

    private void EndSkip()
    {
        _skipInto = null;
        if (_stack.Count == 0)
        {
            Done = true;
            return;
        }

        EndMember();
    }

    private void EndMember()
    {
        var top = _stack[^1];
        top.Members++;
        _mode = Mode.AfterValue;
    }

    private void Close(List<ToolParsePart> parts)
    {
        var frame = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        if (frame.Call is { } call)
        {
            End(call, parts);
        }

        if (_stack.Count == 0)
        {
            Done = true;
            return;
        }

        EndMember();
    }

    /// <summary>A call object closed: a call when it has a name and its arguments are an object (or none).</summary>
    private void End(Call call, List<ToolParsePart> parts)
    {
        if (call.Name is null)
        {
            return;
        }

        if (call.Index < 0)
        {
            var arguments = call.Kind switch
            {
                ArgumentsKind.Missing or ArgumentsKind.Null => "{}",
                ArgumentsKind.String when ToolCallJson.TryParse(call.Arguments.ToString()) is { ValueKind: JsonValueKind.Object } inner => inner.GetRawText(),
                _ => null,
            };
            if (arguments is null)
            {
                return;
            }

            call.Arguments.Clear().Append(arguments);
            call.Index = nextIndex();
            Begun++;
            parts.Add(new ToolCallBegin(call.Index, call.Name));
        }

        Flush(call, parts);
        call.Ended = true;
        parts.Add(new ToolCallEnd(call.Index, new ParsedToolCall(call.Name, call.Arguments.ToString())));
    }

    private static void Flush(Call call, List<ToolParsePart> parts)
    {
        if (call.Index >= 0 && call.Sent < call.Arguments.Length)
        {
            parts.Add(new ToolCallArguments(call.Index, call.Arguments.ToString(call.Sent, call.Arguments.Length - call.Sent)));
            call.Sent = call.Arguments.Length;
        }
    }

    /// <summary>Begins a call once its name is known and its arguments object has opened.</summary>
    private void TryBegin(Call call, List<ToolParsePart> parts)
    {
        if (call.Index >= 0 || call.Name is null || call.Kind != ArgumentsKind.Object)
        {
            return;
        }

        call.Index = nextIndex();
        Begun++;
        parts.Add(new ToolCallBegin(call.Index, call.Name));
    }

    private static string? Decode(string raw)
    {
        if (raw.IndexOf('\\') < 0)
        {
            return raw;
        }

        try
        {
            return JsonSerializer.Deserialize<string>("\"" + raw + "\"");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class Frame(bool isObject, Role role, Call? call)
    {
        public bool IsObject { get; } = isObject;

        public Role Role { get; } = role;

        public Call? Call { get; } = call;

        public string? Key { get; set; }

        public int Members { get; set; }
    }

    private sealed class Call
    {
        public string? Name { get; set; }

        public ArgumentsKind Kind { get; set; }

        public StringBuilder Arguments { get; } = new();

        public int Index { get; set; } = -1;

        public int Sent { get; set; }

        public bool Ended { get; set; }
    }
}
