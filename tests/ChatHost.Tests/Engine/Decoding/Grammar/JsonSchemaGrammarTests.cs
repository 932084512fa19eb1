using System.Text.Json;
using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Tests.Engine.Decoding.Grammar;

/// <summary>What the converter refuses, by keyword, and how it writes what it keeps (the model-based tests check the outputs).</summary>
public sealed class JsonSchemaGrammarTests
{
    private static GbnfGrammar Convert(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return JsonSchemaGrammar.FromSchema(document.RootElement);
    }

    [Theory]
    [InlineData("""{"type":"string","pattern":"^a+$"}""", "pattern")]
    [InlineData("""{"type":"number","multipleOf":3}""", "multipleOf")]
    [InlineData("""{"allOf":[{"type":"string"},{"maxLength":3}]}""", "allOf")]
    [InlineData("""{"not":{"type":"string"}}""", "not")]
    [InlineData("""{"type":"array","items":{"type":"integer"},"uniqueItems":true}""", "uniqueItems")]
    [InlineData("""{"type":"array","contains":{"type":"integer"}}""", "contains")]
    [InlineData("""{"type":"string","format":"hostname-idn"}""", "format")]
    [InlineData("""{"type":"object","patternProperties":{"^x":{"type":"integer"}}}""", "patternProperties")]
    [InlineData("""{"$ref":"https://example.com/schema.json"}""", "$ref")]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "$ref")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]}""", "required")]
    [InlineData("""{"oneOf":[{"type":"integer"},{"type":"number"}]}""", "oneOf")]
    [InlineData("""{"type":"integer","minimum":5,"maximum":4}""", "minimum")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"minProperties":1}""", "minProperties")]
    [InlineData("""{"type":"array","items":{"type":"string"},"minItems":3,"maxItems":2}""", "maxItems")]
    [InlineData("""{"type":"strin"}""", "type")]
    [InlineData("""{"type":"string","if":{"maxLength":2},"then":{"minLength":1}}""", "if")]
    [InlineData("""false""", "false")]
    public void Unsupported_IsRefusedByItsKeyword(string schema, string keyword)
    {
        var ex = Assert.Throws<UnsupportedSchemaException>(() => Convert(schema));
        Assert.Equal(keyword, ex.Keyword);
        Assert.Contains($"'{keyword}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_SaysWhereTheKeywordIs()
    {
        var ex = Assert.Throws<UnsupportedSchemaException>(() => Convert("""{"type":"object","properties":{"code":{"type":"string","pattern":"[A-Z]{3}"}}}"""));
        Assert.Equal("/properties/code", ex.Location);
        Assert.Contains("/properties/code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotations_AreIgnored()
    {
        var grammar = Convert("""{"title":"T","description":"d","$schema":"https://json-schema.org/draft/2020-12/schema","examples":[1],"default":2,"type":"integer","minimum":1,"maximum":3}""");
        Assert.StartsWith("root ::= ", grammar.Text, StringComparison.Ordinal);
        Assert.Equal("root", grammar.Root);
    }

    [Fact]
    public void ValuesNeverEndInWhitespace_SoGenerationEndsAsTheRootCloses()
    {
        var root = Convert("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}""").Text.Split('\n')[0];
        Assert.Matches("^root ::= s-[a-z0-9-]+$", root);
        var rule = Convert("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}""").Text.Split('\n').First(l => l.StartsWith("s-root ::=", StringComparison.Ordinal));
        Assert.EndsWith("\"}\"", rule, StringComparison.Ordinal);
    }

    [Fact]
    public void OneOf_DisjointByADiscriminatorOrByType_IsAccepted()
    {
        Convert("""{"oneOf":[{"type":"object","properties":{"t":{"const":"a"}},"required":["t"]},{"type":"object","properties":{"t":{"enum":["b","c"]}},"required":["t"]}]}""");
        Convert("""{"oneOf":[{"type":"string"},{"type":"integer"},{"type":"null"}]}""");
    }

    [Fact]
    public void AnyJsonObject_IsAnObjectGrammar()
    {
        var grammar = JsonSchemaGrammar.AnyObject();
        Assert.StartsWith("root ::= object\n", grammar.Text, StringComparison.Ordinal);
        Assert.Contains("object ::= \"{\"", grammar.Text, StringComparison.Ordinal);
    }
}
