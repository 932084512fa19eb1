using ModelScale.ChatHost.Sessions;
using ModelScale.Tests.Shared;

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

public sealed class ConversationSchemaTests
{
    [Fact]
    public void SavedFile_UsesOnlyPropertiesTheSchemaDeclares()
    {
        using var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepoRoot.File("schemas", "conversation.schema.json")));
        var top = schema.RootElement.GetProperty("properties");
        var turn = top.GetProperty("turns").GetProperty("items").GetProperty("properties");
        var sampling = top.GetProperty("sampling").GetProperty("properties");
        var file = Path.Combine(Path.GetTempPath(), $"modelscale-schema-{Guid.NewGuid():N}.json");
        try
        {
            ConversationFile.Save(new Conversation
            {
                System = "s",
                Profile = "1b",
                Sampling = new ConversationSampling { Seed = 1, Temperature = 0, MaxTokens = 2 },
                Turns = [new ConversationTurn { User = "u", Reference = "r", AnsweredBy = "1b", Incomplete = true, Expect = ["k"] }],
            }, file);
            using var saved = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));

            foreach (var p in saved.RootElement.EnumerateObject())
            {
                Assert.True(top.TryGetProperty(p.Name, out _), $"schema lacks '{p.Name}'");
            }

            foreach (var p in saved.RootElement.GetProperty("turns")[0].EnumerateObject())
            {
                Assert.True(turn.TryGetProperty(p.Name, out _), $"schema lacks turns[].'{p.Name}'");
            }

            foreach (var p in saved.RootElement.GetProperty("sampling").EnumerateObject())
            {
                Assert.True(sampling.TryGetProperty(p.Name, out _), $"schema lacks sampling.'{p.Name}'");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
