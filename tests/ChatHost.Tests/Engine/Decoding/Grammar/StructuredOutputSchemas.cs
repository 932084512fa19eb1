namespace ModelScale.ChatHost.Tests.Engine.Decoding.Grammar;

/// <summary>
/// Schemas the structured-output tests generate against, one per feature of the converter. Strings are bounded
/// (maxLength, enum, a format) because a random-weight model almost never closes an unbounded string.
/// </summary>
internal static class StructuredOutputSchemas
{
    public static TheoryData<string, string> All { get; } = new()
    {
        { "object-required", """{"type":"object","properties":{"name":{"type":"string","maxLength":12},"age":{"type":"integer","minimum":0,"maximum":120}},"required":["name","age"],"additionalProperties":false}""" },
        { "object-optional", """{"type":"object","properties":{"a":{"type":"boolean"},"b":{"type":["integer","null"]},"c":{"type":"string","maxLength":5}},"required":["a"]}""" },
        { "object-all-optional", """{"type":"object","properties":{"x":{"type":"number","minimum":-5,"maximum":5},"y":{"type":"boolean"}}}""" },
        { "enum", """{"type":"string","enum":["red","green","blue"]}""" },
        { "enum-mixed", """{"enum":["a",1,null,true,{"k":[1,2]}]}""" },
        { "const-object", """{"const":{"v":1,"w":"x\"y"}}""" },
        { "array-bounded", """{"type":"array","items":{"type":"integer","minimum":-3,"maximum":300},"minItems":2,"maxItems":4}""" },
        { "array-of-objects", """{"type":"array","maxItems":3,"items":{"type":"object","properties":{"id":{"type":"integer","minimum":1,"maximum":99},"ok":{"type":"boolean"}},"required":["id","ok"]}}""" },
        { "format-date", """{"type":"string","format":"date"}""" },
        { "format-time", """{"type":"string","format":"time"}""" },
        { "format-date-time", """{"type":"string","format":"date-time"}""" },
        { "format-uuid", """{"type":"string","format":"uuid"}""" },
        { "format-email", """{"type":"string","format":"email"}""" },
        { "format-ipv4", """{"type":"string","format":"ipv4"}""" },
        { "defs-ref", """{"$defs":{"point":{"type":"object","properties":{"x":{"type":"integer","minimum":-9,"maximum":9},"y":{"type":"integer","minimum":-9,"maximum":9}},"required":["x","y"],"additionalProperties":false}},"type":"object","properties":{"from":{"$ref":"#/$defs/point"},"to":{"$ref":"#/$defs/point"}},"required":["from","to"]}""" },
        { "definitions-ref", """{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"flag":{"type":"boolean"}},"type":"array","items":{"$ref":"#/definitions/flag"},"minItems":1,"maxItems":3}""" },
        { "anyOf", """{"anyOf":[{"type":"string","maxLength":4},{"type":"integer","minimum":0,"maximum":50},{"type":"null"}]}""" },
        { "oneOf-discriminated", """{"oneOf":[{"type":"object","properties":{"kind":{"const":"circle"},"r":{"type":"integer","minimum":1,"maximum":9}},"required":["kind","r"],"additionalProperties":false},{"type":"object","properties":{"kind":{"const":"square"},"side":{"type":"integer","minimum":1,"maximum":9}},"required":["kind","side"],"additionalProperties":false}]}""" },
        { "oneOf-by-type", """{"oneOf":[{"type":"boolean"},{"type":"integer","minimum":0,"maximum":9},{"type":"string","maxLength":3}]}""" },
        { "nullable-type-array", """{"type":["string","null"],"maxLength":3}""" },
        { "number-exclusive", """{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1}""" },
        { "integer-exclusive", """{"type":"integer","exclusiveMinimum":10,"exclusiveMaximum":13}""" },
        { "integer-negative-range", """{"type":"integer","minimum":-1000,"maximum":-10}""" },
        { "number-fraction-bounds", """{"type":"number","minimum":2.5,"maximum":7.25}""" },
        { "number-open-below", """{"type":"number","maximum":-2.5}""" },
        { "tuple", """{"type":"array","prefixItems":[{"type":"string","maxLength":3},{"type":"integer"},{"type":"boolean"}],"items":false}""" },
        { "boolean", """{"type":"boolean"}""" },
        { "null", """{"type":"null"}""" },
        { "nested", """{"type":"object","properties":{"user":{"type":"object","properties":{"address":{"type":"object","properties":{"zip":{"type":"string","minLength":5,"maxLength":5},"country":{"enum":["NL","FR","DE"]}},"required":["zip","country"]}},"required":["address"]},"tags":{"type":"array","items":{"enum":["a","b"]},"maxItems":2}},"required":["user","tags"]}""" },
        { "string-lengths", """{"type":"string","minLength":2,"maxLength":6}""" },
        { "number", """{"type":"number"}""" },
        { "integer", """{"type":"integer"}""" },
        { "recursive", """{"type":"object","properties":{"v":{"type":"integer","minimum":0,"maximum":9},"next":{"anyOf":[{"type":"null"},{"$ref":"#"}]}},"required":["v","next"]}""" },
    };
}
