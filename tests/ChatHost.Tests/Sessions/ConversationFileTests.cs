using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Tests.Sessions;

public sealed class ConversationFileTests
{
    [Fact]
    public void Parse_MalformedJson_NamesFileLineAndColumn()
    {
        var ex = Assert.Throws<ConversationException>(() => ConversationFile.Parse("{\n  \"turns\": [\n    { \"user\": \"hi\" \n  ]\n}", "c.json"));

        Assert.Contains("c.json", ex.Message);
        Assert.Contains("line 4", ex.Message);
        Assert.Contains("column", ex.Message);
    }

    [Fact]
    public void Parse_TurnWithoutUserText_IsRejected()
    {
        var ex = Assert.Throws<ConversationException>(() => ConversationFile.Parse("""{ "turns": [ { "reference": "x" } ] }""", "c.json"));

        Assert.Contains("turn 1", ex.Message);
    }

    [Fact]
    public void Parse_UnknownVersion_IsRejected()
    {
        var ex = Assert.Throws<ConversationException>(() => ConversationFile.Parse("""{ "version": 2, "turns": [] }""", "c.json"));

        Assert.Contains("version 2", ex.Message);
    }

    [Fact]
    public void Parse_ReadsSystemTurnsExpectAndSampling()
    {
        var c = ConversationFile.Parse("""
            { "version": 1, "system": "S", "sampling": { "seed": 3, "temperature": 0, "maxTokens": 64 },
              "turns": [ { "user": "Q1", "reference": "A1", "expect": ["cat"] }, { "user": "Q2" } ] }
            """, "c.json");

        Assert.Equal("S", c.System);
        Assert.Equal(3, c.Sampling!.Seed);
        Assert.Equal(["cat"], c.Turns[0].Expect!);
        Assert.Null(c.Turns[1].Reference);
    }

    [Fact]
    public void Load_MissingFile_IsOneClearSentence()
    {
        var ex = Assert.Throws<ConversationException>(() => ConversationFile.Load("/nonexistent/dir/c.json"));

        Assert.StartsWith("Cannot read /nonexistent/dir/c.json", ex.Message);
    }
}
