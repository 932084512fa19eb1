using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelScale.ChatHost.Engine.Decoding.Grammar;

/// <summary>
/// Turns a JSON Schema into a GBNF grammar whose every complete output is JSON that validates against the schema.
/// Where a schema allows more than the grammar can say exactly, the grammar keeps to a part of it that always
/// validates (only the declared properties, in their order; numbers without exponents inside a range); a keyword that
/// cannot be kept to at all is refused by name (<see cref="UnsupportedSchemaException"/>), never ignored.
/// </summary>
/// <remarks>
/// Supported: type (one or an array), enum, const, objects (properties, required, additionalProperties,
/// unevaluatedProperties false), arrays (items, prefixItems, minItems, maxItems), strings (minLength, maxLength, format
/// date, time, date-time, uuid, email, ipv4), integers and numbers (minimum, maximum, exclusiveMinimum,
/// exclusiveMaximum), anyOf, oneOf whose branches cannot overlap, $ref into the same document ($defs, definitions, any
/// JSON pointer, "#" for recursion), and OpenAPI's nullable. Annotations (title, description, default, examples, ...)
/// are ignored. Values never carry whitespace at the end, so generation ends as the root value closes.
/// </remarks>
public sealed class JsonSchemaGrammar
{
    /// <summary>Whitespace between tokens of the JSON: none, a space, or one new line and an indent (bounded, so a model cannot pad forever).</summary>
    internal const string Whitespace = "ws ::= | \" \" | \"\\n\" [ \\t]{0,20}";

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "title", "description", "default", "examples", "$schema", "$id", "$comment", "deprecated", "readOnly", "writeOnly",
        "$anchor", "contentMediaType", "contentEncoding", "strict",
    };

    private static readonly Dictionary<string, string> Primitives = new(StringComparer.Ordinal)
    {
        ["ws"] = Whitespace,
        ["char"] = """char ::= [^"\\\x00-\x1F\x7F] | "\\" (["\\/bfnrt] | "u" ([0-9a-cA-CeEfF] [0-9a-fA-F]{3} | [dD] [0-7] [0-9a-fA-F]{2}))""",
        ["string"] = """string ::= "\"" char* "\"" """,
        ["integer"] = """integer ::= "-"? ("0" | [1-9] [0-9]{0,15})""",
        ["number"] = """number ::= "-"? ("0" | [1-9] [0-9]{0,15}) ("." [0-9]{1,16})? ([eE] [-+]? [0-9]{1,3})?""",
        ["boolean"] = """boolean ::= "true" | "false" """,
        ["null"] = """null ::= "null" """,
        ["value"] = "value ::= object | array | string | number | boolean | null",
        ["object"] = """object ::= "{" ws (string ws ":" ws value ws ("," ws string ws ":" ws value ws)*)? "}" """,
        ["array"] = """array ::= "[" ws (value ws ("," ws value ws)*)? "]" """,
        ["fraction"] = """fraction ::= "." [0-9]{0,14} [1-9]""",
        ["date"] = """date ::= [1-9] [0-9]{3} "-" (("0" [13578] | "1" [02]) "-" ("0" [1-9] | [12] [0-9] | "3" [01]) | ("0" [469] | "11") "-" ("0" [1-9] | [12] [0-9] | "30") | "02" "-" ("0" [1-9] | "1" [0-9] | "2" [0-8]))""",
        ["time"] = """time ::= ([01] [0-9] | "2" [0-3]) ":" [0-5] [0-9] ":" [0-5] [0-9] ("." [0-9]{1,6})? ("Z" | [+-] ([01] [0-9] | "2" [0-3]) ":" [0-5] [0-9])""",
        ["date-time"] = """date-time ::= date "T" time""",
        ["uuid"] = """uuid ::= [0-9a-f]{8} "-" [0-9a-f]{4} "-" [1-5] [0-9a-f]{3} "-" [89ab] [0-9a-f]{3} "-" [0-9a-f]{12}""",
        ["email"] = """email ::= [a-z0-9] [a-z0-9._]{0,30} [a-z0-9] "@" [a-z0-9] [a-z0-9-]{0,20} [a-z0-9] "." [a-z]{2,6}""",
        ["ipv4"] = """ipv4 ::= octet "." octet "." octet "." octet""",
        ["octet"] = """octet ::= "25" [0-5] | "2" [0-4] [0-9] | "1" [0-9] [0-9] | [1-9] [0-9] | [0-9]""",
    };

    private static readonly Dictionary<string, string[]> PrimitiveNeeds = new(StringComparer.Ordinal)
    {
        ["string"] = ["char"],
        ["value"] = ["object", "array", "string", "number", "boolean", "null"],
        ["object"] = ["ws", "string", "value"],
        ["array"] = ["ws", "value"],
        ["date-time"] = ["date", "time"],
        ["ipv4"] = ["octet"],
    };

    /// <summary>Compact JSON with non-ASCII text as it is (a literal the model can write token by token).</summary>
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonElement _document;
    private readonly List<(string Name, string Body)> _rules = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _primitives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refs = new(StringComparer.Ordinal);

    private JsonSchemaGrammar(JsonElement document)
    {
        _document = document;
        _names.Add("root");
    }

    /// <summary>Any JSON object (what response_format json_object asks for).</summary>
    public static GbnfGrammar AnyObject()
    {
        var converter = new JsonSchemaGrammar(default);
        converter.Use("object");
        return converter.Build("object");
    }

    /// <summary>The grammar of a schema's valid JSON.</summary>
    /// <exception cref="UnsupportedSchemaException">The schema uses something the grammar cannot express; the exception names it.</exception>
    public static GbnfGrammar FromSchema(JsonElement schema)
    {
        var converter = new JsonSchemaGrammar(schema);
        var root = converter.Visit(schema, string.Empty, "root");
        return converter.Build(root);
    }

    private GbnfGrammar Build(string rootExpression)
    {
        var text = new StringBuilder();
        text.Append("root ::= ").Append(rootExpression).Append('\n');
        foreach (var (name, body) in _rules)
        {
            text.Append(name).Append(" ::= ").Append(body).Append('\n');
        }

        foreach (var primitive in _primitives.Order(StringComparer.Ordinal))
        {
            text.Append(Primitives[primitive].TrimEnd()).Append('\n');
        }

        return new GbnfGrammar(text.ToString());
    }

    /// <summary>Marks a primitive rule (and what it uses) as needed, and returns its name.</summary>
    private string Use(string primitive)
    {
        if (_primitives.Add(primitive) && PrimitiveNeeds.TryGetValue(primitive, out var needs))
        {
            foreach (var need in needs)
            {
                Use(need);
            }
        }

        _names.Add(primitive);
        return primitive;
    }

    private string NewRule(string hint)
    {
        var baseName = "s-" + GbnfText.RuleName(hint);
        var name = baseName;
        for (var i = 2; !_names.Add(name); i++)
        {
            name = $"{baseName}-{i}";
        }

        return name;
    }

    private string Define(string name, string body)
    {
        _rules.Add((name, body));
        return name;
    }

    /// <summary>The GBNF expression for one schema (a rule name or an inline expression).</summary>
    private string Visit(JsonElement schema, string path, string hint)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return Use("value");
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            throw new UnsupportedSchemaException("false", path, "a schema that allows nothing leaves nothing to generate.");
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new UnsupportedSchemaException("schema", path, "a schema must be an object or a boolean.");
        }

        var keywords = schema.EnumerateObject().Select(p => p.Name).Where(n => !Annotations.Contains(n) && n is not "$defs" and not "definitions").ToList();
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var others = keywords.Where(k => k != "$ref").ToList();
            if (others.Count > 0)
            {
                throw new UnsupportedSchemaException(others[0], path, "keywords beside $ref are not combined with the referenced schema.");
            }

            return Reference(reference, path);
        }

        var nullable = schema.TryGetProperty("nullable", out var nullableValue) && nullableValue.ValueKind == JsonValueKind.True;
        var expression = VisitConstraints(schema, path, hint, keywords);
        return nullable ? Group([expression, Use("null")]) : expression;
    }

    private string VisitConstraints(JsonElement schema, string path, string hint, List<string> keywords)
    {
        if (schema.TryGetProperty("const", out var constant))
        {
            return Literal(constant);
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            return Enum(schema, values, path);
        }

        foreach (var combinator in (string[])["anyOf", "oneOf"])
        {
            if (!schema.TryGetProperty(combinator, out var branches))
            {
                continue;
            }

            var others = keywords.Where(k => k != combinator && k != "nullable").ToList();
            if (others.Count > 0)
            {
                throw new UnsupportedSchemaException(others[0], path, $"keywords beside {combinator} are not merged into its branches; move them into each branch.");
            }

            if (branches.ValueKind != JsonValueKind.Array || branches.GetArrayLength() == 0)
            {
                throw new UnsupportedSchemaException(combinator, path, "it must be a non-empty array of schemas.");
            }

            var list = branches.EnumerateArray().ToList();
            if (combinator == "oneOf")
            {
                CheckDisjoint(list, path);
            }

            var alternatives = list.Select((b, i) => Visit(b, $"{path}/{combinator}/{i}", $"{hint}-{i}")).ToList();
            var name = NewRule(hint);
            return Define(name, string.Join(" | ", alternatives.Select(a => $"({a})")));
        }

        foreach (var keyword in keywords)
        {
            if (keyword is "allOf" or "not" or "if" or "then" or "else" or "multipleOf" or "pattern" or "patternProperties"
                or "propertyNames" or "dependentRequired" or "dependentSchemas" or "dependencies" or "contains" or "minContains"
                or "maxContains" or "unevaluatedItems" or "$dynamicRef" or "$recursiveRef")
            {
                throw new UnsupportedSchemaException(keyword, path, Why(keyword));
            }
        }

        var types = Types(schema, path);
        if (types.Count == 1)
        {
            return VisitType(schema, types[0], path, hint);
        }

        return Group([.. types.Select(t => VisitType(schema, t, path, $"{hint}-{t}"))]);
    }

    /// <summary>Alternatives as one expression that can stand anywhere in a sequence.</summary>
    private static string Group(IReadOnlyList<string> alternatives) =>
        alternatives.Count == 1 ? alternatives[0] : $"({string.Join(" | ", alternatives.Select(a => $"({a})"))})";

    private static string Why(string keyword) => keyword switch
    {
        "pattern" or "patternProperties" => "regular expressions are not turned into grammars.",
        "multipleOf" => "a grammar cannot keep a number to multiples.",
        "allOf" => "schemas are not intersected; merge them into one.",
        "contains" or "minContains" or "maxContains" => "a grammar cannot count matching items.",
        _ => "the grammar cannot express it.",
    };

    private List<string> Types(JsonElement schema, string path)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            var names = type.ValueKind switch
            {
                JsonValueKind.String => [type.GetString()!],
                JsonValueKind.Array when type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String) => type.EnumerateArray().Select(t => t.GetString()!).Distinct().ToList(),
                _ => throw new UnsupportedSchemaException("type", path, "it must be a type name or an array of them."),
            };
            foreach (var name in names)
            {
                if (name is not ("object" or "array" or "string" or "number" or "integer" or "boolean" or "null"))
                {
                    throw new UnsupportedSchemaException("type", path, $"'{name}' is not a JSON Schema type.");
                }
            }

            if (names.Count == 0)
            {
                throw new UnsupportedSchemaException("type", path, "an empty list of types allows nothing.");
            }

            // An integer is a number: listing both must not offer the integers twice (oneOf would notice).
            return names.Contains("number") ? [.. names.Where(n => n != "integer")] : names;
        }

        if (schema.TryGetProperty("properties", out _) || schema.TryGetProperty("additionalProperties", out _) || schema.TryGetProperty("required", out _)
            || schema.TryGetProperty("minProperties", out _) || schema.TryGetProperty("maxProperties", out _))
        {
            return ["object"];
        }

        if (schema.TryGetProperty("items", out _) || schema.TryGetProperty("prefixItems", out _) || schema.TryGetProperty("minItems", out _) || schema.TryGetProperty("maxItems", out _))
        {
            return ["array"];
        }

        if (schema.TryGetProperty("minLength", out _) || schema.TryGetProperty("maxLength", out _) || schema.TryGetProperty("format", out _))
        {
            return ["string"];
        }

        if (schema.TryGetProperty("minimum", out _) || schema.TryGetProperty("maximum", out _) || schema.TryGetProperty("exclusiveMinimum", out _) || schema.TryGetProperty("exclusiveMaximum", out _))
        {
            return ["number"];
        }

        return ["any"];
    }

    private string VisitType(JsonElement schema, string type, string path, string hint) => type switch
    {
        "object" => Object(schema, path, hint),
        "array" => Array(schema, path, hint),
        "string" => String(schema, path, hint),
        "integer" => Integer(schema, path),
        "number" => Number(schema, path),
        "boolean" => Use("boolean"),
        "null" => Use("null"),
        _ => Use("value"),
    };

    private string Reference(JsonElement reference, string path)
    {
        if (reference.ValueKind != JsonValueKind.String || reference.GetString() is not { } target || !target.StartsWith('#'))
        {
            throw new UnsupportedSchemaException("$ref", path, "only references inside the schema (starting with #) are followed.");
        }

        if (_refs.TryGetValue(target, out var known))
        {
            return known;
        }

        var resolved = Resolve(target, path);
        var name = NewRule(target.Length > 1 ? target[(target.LastIndexOf('/') + 1)..] : "root-ref");
        _refs[target] = name;
        var index = _rules.Count;
        _rules.Add((name, string.Empty));
        var body = Visit(resolved, target[1..], name);
        _rules[index] = (name, body);
        return name;
    }

    private JsonElement Resolve(string target, string path)
    {
        var current = _document;
        var pointer = Uri.UnescapeDataString(target[1..]);
        if (pointer.Length == 0)
        {
            return current;
        }

        if (!pointer.StartsWith('/'))
        {
            throw new UnsupportedSchemaException("$ref", path, $"'{target}' is not a JSON pointer (anchors are not followed).");
        }

        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < current.GetArrayLength())
            {
                current = current[i];
            }
            else
            {
                throw new UnsupportedSchemaException("$ref", path, $"'{target}' points at nothing in the schema.");
            }
        }

        return current;
    }

    private static string Literal(JsonElement value) => GbnfText.Literal(JsonSerializer.Serialize(value, Compact));

    private string Enum(JsonElement schema, JsonElement values, string path)
    {
        if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
        {
            throw new UnsupportedSchemaException("enum", path, "it must be a non-empty array.");
        }

        var allowed = values.EnumerateArray().ToList();
        if (schema.TryGetProperty("type", out _))
        {
            var types = Types(schema, path);
            allowed = [.. allowed.Where(v => types.Any(t => Matches(v, t)))];
            if (allowed.Count == 0)
            {
                throw new UnsupportedSchemaException("enum", path, "none of its values has the schema's type.");
            }
        }

        return Group([.. allowed.Select(Literal).Distinct(StringComparer.Ordinal)]);
    }

    private static bool Matches(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    /// <summary>
    /// oneOf wants exactly one branch to match. The grammar offers every branch, so the branches must not overlap:
    /// they must produce different JSON types, or be objects told apart by a required property with different
    /// const or enum values.
    /// </summary>
    private void CheckDisjoint(List<JsonElement> branches, string path)
    {
        var kinds = branches.Select(b => Kinds(b, path)).ToList();
        for (var i = 0; i < branches.Count; i++)
        {
            for (var j = i + 1; j < branches.Count; j++)
            {
                var shared = kinds[i].Intersect(kinds[j]).ToList();
                if (shared.Count == 0 || (shared is ["object"] && Discriminated(Deref(branches[i], path), Deref(branches[j], path))))
                {
                    continue;
                }

                throw new UnsupportedSchemaException("oneOf", path, $"branches {i} and {j} can both match the same value; use anyOf, or tell them apart by type or by a required property with a const.");
            }
        }
    }

    private JsonElement Deref(JsonElement schema, string path)
    {
        for (var hops = 0; hops < 32 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target && target.StartsWith('#'); hops++)
        {
            schema = Resolve(target, path);
        }

        return schema;
    }

    /// <summary>The JSON types a schema can produce ("number" covers integers).</summary>
    private HashSet<string> Kinds(JsonElement schema, string path)
    {
        schema = Deref(schema, path);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return ["object", "array", "string", "number", "boolean", "null"];
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return [KindOf(constant)];
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            return [.. values.EnumerateArray().Select(KindOf)];
        }

        foreach (var combinator in (string[])["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(combinator, out var branches) && branches.ValueKind == JsonValueKind.Array)
            {
                return [.. branches.EnumerateArray().SelectMany(b => Kinds(b, path))];
            }
        }

        var kinds = Types(schema, path).Select(t => t is "integer" ? "number" : t).ToHashSet();
        if (schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True)
        {
            kinds.Add("null");
        }

        return kinds.Contains("any") ? ["object", "array", "string", "number", "boolean", "null"] : kinds;
    }

    private static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static bool Discriminated(JsonElement a, JsonElement b)
    {
        if (!a.TryGetProperty("properties", out var aProps) || !b.TryGetProperty("properties", out var bProps))
        {
            return false;
        }

        foreach (var property in aProps.EnumerateObject())
        {
            if (Required(a).Contains(property.Name) && Required(b).Contains(property.Name)
                && bProps.TryGetProperty(property.Name, out var other)
                && ConstValues(property.Value) is { } left && ConstValues(other) is { } right
                && !left.Intersect(right, StringComparer.Ordinal).Any())
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            ? [.. required.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)]
            : [];

    private static HashSet<string>? ConstValues(JsonElement schema) =>
        schema.ValueKind != JsonValueKind.Object ? null
        : schema.TryGetProperty("const", out var constant) ? [JsonSerializer.Serialize(constant)]
        : schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array ? [.. values.EnumerateArray().Select(v => JsonSerializer.Serialize(v))]
        : null;

    private string Object(JsonElement schema, string path, string hint)
    {
        var properties = new List<(string Name, JsonElement Schema)>();
        if (schema.TryGetProperty("properties", out var declared))
        {
            if (declared.ValueKind != JsonValueKind.Object)
            {
                throw new UnsupportedSchemaException("properties", path, "it must be an object of schemas.");
            }

            properties.AddRange(declared.EnumerateObject().Select(p => (p.Name, p.Value)));
        }

        var required = Required(schema);
        if (schema.TryGetProperty("required", out var requiredValue) && requiredValue.ValueKind != JsonValueKind.Array)
        {
            throw new UnsupportedSchemaException("required", path, "it must be an array of property names.");
        }

        foreach (var name in required.Where(name => properties.All(p => p.Name != name)))
        {
            throw new UnsupportedSchemaException("required", path, $"'{name}' is required but has no schema under properties.");
        }

        var additional = schema.TryGetProperty("additionalProperties", out var extra) ? extra : (JsonElement?)null;
        if (properties.Count == 0 && additional is { ValueKind: not JsonValueKind.False } map)
        {
            // A map: any keys, each value by the additionalProperties schema.
            CheckCounts(schema, path, 0, int.MaxValue);
            var value = map.ValueKind == JsonValueKind.True ? Use("value") : Visit(map, $"{path}/additionalProperties", $"{hint}-value");
            Use("ws");
            Use("string");
            var member = $"string ws \":\" ws {value} ws";
            return Define(NewRule(hint), $"\"{{\" ws ({member} (\",\" ws {member})*)? \"}}\"");
        }

        if (properties.Count == 0 && additional is null)
        {
            CheckCounts(schema, path, 0, int.MaxValue);
            return Use("object");
        }

        CheckCounts(schema, path, required.Count, properties.Count);
        Use("ws");
        var rule = NewRule(hint);
        var members = properties.Select(p =>
            $"{GbnfText.Literal(JsonSerializer.Serialize(p.Name, Compact))} ws \":\" ws {Visit(p.Schema, $"{path}/properties/{p.Name}", $"{hint}-{p.Name}")} ws").ToList();

        // rest[i]: properties i.. after one has been written (each one a comma first); first[i]: none written yet.
        var rest = new string?[properties.Count + 1];
        var first = new string?[properties.Count + 1];
        for (var i = properties.Count - 1; i >= 0; i--)
        {
            var isRequired = required.Contains(properties[i].Name);
            var after = rest[i + 1] is { } r ? $" {r}" : string.Empty;
            rest[i] = Define(NewRule($"{rule}-rest-{i}"), isRequired ? $"\",\" ws {members[i]}{after}" : $"(\",\" ws {members[i]})?{after}");
            var start = $"{members[i]}{after}";
            first[i] = isRequired || first[i + 1] is null
                ? Define(NewRule($"{rule}-first-{i}"), start)
                : Define(NewRule($"{rule}-first-{i}"), $"({start}) | {first[i + 1]}");
        }

        var allOptional = required.Count == 0;
        var body = allOptional ? $"\"{{\" ws ({first[0]})? \"}}\"" : $"\"{{\" ws {first[0]} \"}}\"";
        return Define(rule, body);
    }

    /// <summary>minProperties and maxProperties can only be kept when every output already satisfies them.</summary>
    private static void CheckCounts(JsonElement schema, string path, int fewest, int most)
    {
        if (schema.TryGetProperty("minProperties", out var min) && (!min.TryGetInt32(out var m) || m > fewest))
        {
            throw new UnsupportedSchemaException("minProperties", path, "the grammar writes the required properties and may leave the others out; require the properties instead.");
        }

        if (schema.TryGetProperty("maxProperties", out var max) && (!max.TryGetInt32(out var n) || n < most))
        {
            throw new UnsupportedSchemaException("maxProperties", path, "the grammar may write every declared property; declare fewer.");
        }
    }

    private string Array(JsonElement schema, string path, string hint)
    {
        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
        {
            throw new UnsupportedSchemaException("uniqueItems", path, "a grammar cannot keep items apart from each other.");
        }

        var min = Count(schema, "minItems", path) ?? 0;
        var max = Count(schema, "maxItems", path);
        if (max < min)
        {
            throw new UnsupportedSchemaException("maxItems", path, "it is smaller than minItems.");
        }

        var prefix = new List<string>();
        if (schema.TryGetProperty("prefixItems", out var prefixItems))
        {
            if (prefixItems.ValueKind != JsonValueKind.Array)
            {
                throw new UnsupportedSchemaException("prefixItems", path, "it must be an array of schemas.");
            }

            prefix.AddRange(prefixItems.EnumerateArray().Select((p, i) => Visit(p, $"{path}/prefixItems/{i}", $"{hint}-{i}")));
            if (max < prefix.Count)
            {
                throw new UnsupportedSchemaException("maxItems", path, "it is smaller than the number of prefixItems, which are all written.");
            }
        }

        string? item = null;
        if (schema.TryGetProperty("items", out var items))
        {
            item = items.ValueKind == JsonValueKind.False ? null : Visit(items, $"{path}/items", $"{hint}-item");
        }
        else if (prefix.Count == 0)
        {
            item = Use("value");
        }

        Use("ws");
        var extraMin = Math.Max(0, min - prefix.Count);
        var extraMax = max - prefix.Count;
        if (item is null && extraMin > 0)
        {
            throw new UnsupportedSchemaException("minItems", path, "it asks for more items than prefixItems gives, and items allows no more.");
        }

        var parts = new List<string>(prefix.Select(p => $"{p} ws"));
        var body = new StringBuilder("\"[\" ws ");
        if (parts.Count > 0)
        {
            body.Append(string.Join(" \",\" ws ", parts));
            if (item is not null && extraMax is null or > 0)
            {
                body.Append(Repeat($"\",\" ws {item} ws", extraMin, extraMax));
            }
        }
        else if (item is not null && extraMax is not 0)
        {
            var repeated = $"{item} ws{Repeat($"\",\" ws {item} ws", Math.Max(0, extraMin - 1), extraMax - 1)}";
            body.Append(extraMin == 0 ? $"({repeated})?" : repeated);
        }

        body.Append(" \"]\"");
        return Define(NewRule(hint), body.ToString());
    }

    private static string Repeat(string what, int min, int? max) => (min, max) switch
    {
        (0, null) => $" ({what})*",
        (1, null) => $" ({what})+",
        (_, null) => $" ({what}){{{min},}}",
        (0, 0) => string.Empty,
        (1, 1) => $" {what}",
        (0, 1) => $" ({what})?",
        _ when min == max => $" ({what}){{{min}}}",
        _ => $" ({what}){{{min},{max}}}",
    };

    private static int? Count(JsonElement schema, string keyword, string path)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return null;
        }

        if (!value.TryGetInt32(out var count) || count < 0)
        {
            throw new UnsupportedSchemaException(keyword, path, "it must be a non-negative integer.");
        }

        return count;
    }

    private string String(JsonElement schema, string path, string hint)
    {
        var min = Count(schema, "minLength", path);
        var max = Count(schema, "maxLength", path);
        if (schema.TryGetProperty("format", out var format))
        {
            var name = format.GetString();
            if (min is not null || max is not null)
            {
                throw new UnsupportedSchemaException(min is not null ? "minLength" : "maxLength", path, $"lengths are not combined with format '{name}'.");
            }

            return name switch
            {
                "date" or "time" or "date-time" or "uuid" or "email" or "ipv4" => $"\"\\\"\" {Use(name)} \"\\\"\"",
                _ => throw new UnsupportedSchemaException("format", path, $"'{name}' is not one the grammar writes (date, time, date-time, uuid, email, ipv4)."),
            };
        }

        if (min is null && max is null)
        {
            return Use("string");
        }

        if (max < min)
        {
            throw new UnsupportedSchemaException("maxLength", path, "it is smaller than minLength.");
        }

        Use("char");
        var repeat = (min ?? 0, max) switch
        {
            (var a, null) => $"char{{{a},}}",
            (var a, var b) when a == b => $"char{{{a}}}",
            (var a, var b) => $"char{{{a},{b}}}",
        };
        return Define(NewRule(hint), $"\"\\\"\" {repeat} \"\\\"\"");
    }

    private string Integer(JsonElement schema, string path)
    {
        var (lo, loExclusive, hi, hiExclusive) = Bounds(schema, path);
        if (lo is null && hi is null)
        {
            return Use("integer");
        }

        var min = lo is { } l ? (long?)ClampToLong(loExclusive && l == Math.Floor(l) ? l + 1 : Math.Ceiling(l)) : null;
        var max = hi is { } h ? (long?)ClampToLong(hiExclusive && h == Math.Floor(h) ? h - 1 : Math.Floor(h)) : null;
        return IntegerRangeGrammar.Expression(min, max) is { } range
            ? $"({range})"
            : throw new UnsupportedSchemaException(lo is not null ? "minimum" : "maximum", path, "the range holds no integer.");
    }

    private string Number(JsonElement schema, string path)
    {
        var (lo, loExclusive, hi, hiExclusive) = Bounds(schema, path);
        if (lo is null && hi is null)
        {
            return Use("number");
        }

        var alternatives = new List<string>();
        var intMin = lo is { } l ? (long?)ClampToLong(loExclusive && l == Math.Floor(l) ? l + 1 : Math.Ceiling(l)) : null;
        var intMax = hi is { } h ? (long?)ClampToLong(hiExclusive && h == Math.Floor(h) ? h - 1 : Math.Floor(h)) : null;
        if (IntegerRangeGrammar.Expression(intMin, intMax) is { } integers)
        {
            alternatives.Add(integers);
        }

        // k.ddd lies strictly between k and k + 1 (the fraction never ends in 0): positive k from ceil(lo) while
        // k + 1 <= hi, and -(m.ddd) between -m - 1 and -m while -m - 1 >= lo and -m <= hi.
        var positiveFrom = Math.Max(0, lo is { } a ? ClampToLong(Math.Ceiling(a)) : 0);
        var positiveTo = hi is { } b ? ClampToLong(Math.Floor(b)) - 1 : (long?)null;
        if (IntegerRangeGrammar.Expression(positiveFrom, positiveTo) is { } positive && (positiveTo is null || positiveTo >= positiveFrom))
        {
            alternatives.Add($"({positive}) {Use("fraction")}");
        }

        var negativeFrom = Math.Max(0, hi is { } c ? ClampToLong(Math.Ceiling(-c)) : 0);
        var negativeTo = lo is { } d ? ClampToLong(Math.Floor(-d)) - 1 : (long?)null;
        if ((negativeTo is null || negativeTo >= negativeFrom) && IntegerRangeGrammar.Expression(negativeFrom, negativeTo) is { } negative)
        {
            alternatives.Add($"\"-\" ({negative}) {Use("fraction")}");
        }

        return alternatives.Count > 0
            ? Group(alternatives)
            : throw new UnsupportedSchemaException(lo is not null ? "minimum" : "maximum", path, "the range holds no number the grammar can write.");
    }

    private static long ClampToLong(double value) =>
        value >= IntegerRangeGrammar.Largest ? IntegerRangeGrammar.Largest : value <= -IntegerRangeGrammar.Largest ? -IntegerRangeGrammar.Largest : (long)value;

    /// <summary>minimum/maximum and the exclusive forms, both as numbers (2019+) and as draft-04 booleans.</summary>
    private static (double? Lo, bool LoExclusive, double? Hi, bool HiExclusive) Bounds(JsonElement schema, string path)
    {
        double? Read(string keyword) => !schema.TryGetProperty(keyword, out var v) ? null
            : v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d
            : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? null
            : throw new UnsupportedSchemaException(keyword, path, "it must be a number.");

        var lo = Read("minimum");
        var hi = Read("maximum");
        var loExclusive = false;
        var hiExclusive = false;
        if (schema.TryGetProperty("exclusiveMinimum", out var exMin))
        {
            if (exMin.ValueKind == JsonValueKind.True)
            {
                loExclusive = lo is not null;
            }
            else if (Read("exclusiveMinimum") is { } x && (lo is null || x >= lo))
            {
                lo = x;
                loExclusive = true;
            }
        }

        if (schema.TryGetProperty("exclusiveMaximum", out var exMax))
        {
            if (exMax.ValueKind == JsonValueKind.True)
            {
                hiExclusive = hi is not null;
            }
            else if (Read("exclusiveMaximum") is { } x && (hi is null || x <= hi))
            {
                hi = x;
                hiExclusive = true;
            }
        }

        return (lo, loExclusive, hi, hiExclusive);
    }
}
