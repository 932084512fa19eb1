using System.Text.Json;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Tests.Engine.Tools;

/// <summary>The checker fed a character at a time agrees with System.Text.Json on what is JSON, and stops at the first bad character.</summary>
public sealed class JsonValueCheckerTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("\"a\\\"}\"")]
    [InlineData("{\"a\":1}")]
    [InlineData("{ \"a\" : [1, -2.5e+3, 0, -0, 0.1E2, 7e-1, true, false, null, \"x\\u00e9\\n\\/\"], \"b\": {\"c\": {}, \"d\": []} }")]
    [InlineData("[[[]],{\"]\":\"{\"}]")]
    [InlineData("{\"a\":1]")]
    [InlineData("{\"a\": tru}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{,}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,]")]
    [InlineData("[01]")]
    [InlineData("[-]")]
    [InlineData("[1.]")]
    [InlineData("[.5]")]
    [InlineData("[1e]")]
    [InlineData("[1e+]")]
    [InlineData("[+1]")]
    [InlineData("[\"\\x\"]")]
    [InlineData("[\"\\u12g4\"]")]
    [InlineData("[\"line\nbreak\"]")]
    [InlineData("{1:2}")]
    [InlineData("[1 2]")]
    [InlineData("[nul]")]
    [InlineData("[truex]")]
    [InlineData("[\"a\":1]")]
    [InlineData("[1}")]
    [InlineData("{\"a\"}")]
    [InlineData("{\"a\":}")]
    public void AgreesWithSystemTextJson_OnWhatIsAWholeValue(string text)
    {
        var checker = new JsonValueChecker();
        var results = new List<JsonCheck>();
        foreach (var c in text)
        {
            results.Add(checker.Feed(c));
            if (results[^1] != JsonCheck.More)
            {
                break;
            }
        }

        var whole = results.Count == text.Length && results[^1] == JsonCheck.Ended;
        Assert.Equal(IsJson(text), whole);
        if (!whole)
        {
            // Not whole: it said so at a character, and reads nothing after it.
            Assert.Equal(JsonCheck.Invalid, results[^1]);
            Assert.Equal(JsonCheck.Invalid, checker.Feed('}'));
        }
    }

    [Fact]
    public void ANumber_EndsBeforeTheCharacterAfterIt()
    {
        var checker = new JsonValueChecker();
        Assert.Equal([JsonCheck.More, JsonCheck.More, JsonCheck.More, JsonCheck.EndedBefore], "-12,".Select(checker.Feed));
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
