using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Tests.Sessions;

/// <summary>Everything a conversation file can get wrong is refused in one sentence before anything plays or is stored.</summary>
public sealed class ConversationValidationTests
{
    [Theory]
    [InlineData("""{}""", "has no \"turns\"")]
    [InlineData("""{ "system": "Be kind." }""", "has no \"turns\"")]
    [InlineData("""{ "turns": null }""", "\"turns\": null")]
    [InlineData("""{ "turns": [ null ] }""", "turn 1 is null")]
    [InlineData("""{ "turns": [ { "user": "hi" }, { "user": null } ] }""", "turn 2 has no \"user\" text")]
    [InlineData("""{ "turns": [ { "user": "hi", "expect": [ null ] } ] }""", "turn 1 has an empty or null keyword")]
    [InlineData("""{ "turns": [ { "user": "hi" } ], "sampling": { "temperature": 5 } }""", "\"sampling.temperature\" must be between 0 and 2")]
    [InlineData("""{ "turns": [ { "user": "hi" } ], "sampling": { "temperature": -0.5 } }""", "\"sampling.temperature\" must be between 0 and 2")]
    [InlineData("""{ "turns": [ { "user": "hi" } ], "sampling": { "maxTokens": 0 } }""", "\"sampling.maxTokens\" must be a positive number")]
    [InlineData("""{ "turns": [ { "user": "hi" } ], "sampling": { "maxTokens": -1 } }""", "\"sampling.maxTokens\" must be a positive number")]
    public void Parse_RefusesWhatCannotBePlayed_InOneSentenceNamingTheFile(string json, string expected)
    {
        var ex = Assert.Throws<ConversationException>(() => ConversationFile.Parse(json, "c.json"));

        Assert.StartsWith("c.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain("ModelScale.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AHugeTemperature_IsRefusedUpFront()
    {
        var ex = Assert.Throws<ConversationException>(() => ConversationFile.Parse("""{ "turns": [ { "user": "hi" } ], "sampling": { "temperature": 1e308 } }""", "c.json"));

        Assert.StartsWith("c.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("temperature", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MoreTurnsThanTheCap_IsRefused_AndTheCapItselfIsAccepted()
    {
        static string Turns(int count) => "{ \"turns\": [" + string.Join(',', Enumerable.Repeat("""{ "user": "hi" }""", count)) + "] }";

        Assert.Equal(HistoryLimits.MaxTurns, ConversationFile.Parse(Turns(HistoryLimits.MaxTurns), "c.json").Turns.Count);
        var ex = Assert.Throws<ConversationException>(() => ConversationFile.Parse(Turns(HistoryLimits.MaxTurns + 1), "c.json"));
        Assert.Contains($"at most {HistoryLimits.MaxTurns}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AnEmptyTurnList_IsStillAConversation()
    {
        Assert.Empty(ConversationFile.Parse("""{ "turns": [] }""", "c.json").Turns);
    }
}
