using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Api.Ollama;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Tests.Api.Ollama;

/// <summary>The pure parts of the Ollama API: names, keep_alive, options and format.</summary>
public sealed class OllamaInputTests
{
    [Theory]
    [InlineData("""{"city":"Paris","city":"Rome"}""")]
    [InlineData("""{"city":"Paris","city":"Rome"}""", true)]
    public void ToolCallArguments_ThatRepeatAKey_KeepTheLastValue(string arguments, bool asString = false)
    {
        using var json = System.Text.Json.JsonDocument.Parse(asString ? System.Text.Json.JsonSerializer.Serialize(arguments) : arguments);

        var (parsed, error) = ModelScale.ChatHost.Api.Ollama.OllamaTools.Arguments(json.RootElement);

        Assert.Null(error);
        Assert.Equal("Rome", ((System.Text.Json.JsonElement)parsed!["city"]!).GetString());
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("null", false)]
    [InlineData("[]", false)]
    [InlineData("[\"aGk=\"]", true)]
    [InlineData("\"aGk=\"", true)]
    [InlineData("{}", true)]
    [InlineData("42", true)]
    public void ImagesOrContext_AskForSomething_UnlessNullOrAnEmptyArray(string? json, bool asks)
    {
        using var document = json is null ? null : System.Text.Json.JsonDocument.Parse(json);

        Assert.Equal(asks, ModelScale.ChatHost.Api.Ollama.OllamaFields.AsksFor(document?.RootElement));
    }

    [Theory]
    [InlineData("stories", "stories")]
    [InlineData("stories:latest", "stories")]
    [InlineData(" stories:latest ", "stories")]
    [InlineData("stories:7b", null)]
    [InlineData("library/stories:q4", null)]
    public void Names_AreAProfileId_OrTheIdWithLatest(string name, string? id) => Assert.Equal(id, OllamaNames.ProfileId(name));

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("300", 300.0)]
    [InlineData("1.5", 1.5)]
    [InlineData("-1", null)]
    [InlineData("-0.5", null)]
    [InlineData("\"5m\"", 300.0)]
    [InlineData("\"1h30m\"", 5400.0)]
    [InlineData("\"1.5s\"", 1.5)]
    [InlineData("\"300ms\"", 0.3)]
    [InlineData("\"250us\"", 0.00025)]
    [InlineData("\"250\u00b5s\"", 0.00025)]
    [InlineData("\".5h\"", 1800.0)]
    [InlineData("\"1.h\"", 3600.0)]
    [InlineData("\"+2m\"", 120.0)]
    [InlineData("\"0s\"", 0.0)]
    [InlineData("\"0\"", 0.0)]
    [InlineData("\"-0\"", 0.0)]
    [InlineData("\"-1m\"", null)]
    [InlineData("\"-1ns\"", null)]
    [InlineData("\"2562047h\"", 2562047.0 * 3600)]
    [InlineData("\"000000000000000000000000000000000000000000001h\"", 3600.0)]
    [InlineData("\"00.5m\"", 30.0)]
    [InlineData("\"000s\"", 0.0)]
    public void KeepAlive_IsSecondsOrAGoDuration_AndNegativeIsForever(string json, double? seconds)
    {
        var (keepAlive, failure) = OllamaKeepAlive.From(JsonDocument.Parse(json).RootElement);

        Assert.Null(failure);
        Assert.Equal(seconds is { } s ? ModelKeepAlive.For(TimeSpan.FromTicks((long)Math.Round(s * TimeSpan.TicksPerSecond))) : ModelKeepAlive.Forever, keepAlive);
    }

    [Fact]
    public void KeepAlive_Absent_AsksNothing()
    {
        Assert.Equal((null, null), OllamaKeepAlive.From(null));
        Assert.Equal((null, null), OllamaKeepAlive.From(JsonDocument.Parse("null").RootElement));
    }

    [Theory]
    [InlineData("\"30\"", "no unit")]
    [InlineData("\"-1\"", "no unit")]
    [InlineData("\"soon\"", "5m")]
    [InlineData("\"5 minutes\"", "5m")]
    [InlineData("\" 5m\"", "5m")]
    [InlineData("\"5m\\n\"", "5m")]
    [InlineData("\"m\"", "5m")]
    [InlineData("\"\"", "5m")]
    [InlineData("\"5d\"", "5m")]
    [InlineData("\"2562048h\"", "292 years")]
    [InlineData("\"99999999999999999999999999999999999999999999s\"", "292 years")]
    [InlineData("1e12", "292 years")]
    [InlineData("true", "number of seconds")]
    [InlineData("[]", "number of seconds")]
    [InlineData("{}", "number of seconds")]
    public void KeepAlive_ThatIsNoDuration_IsRefused_NamingTheField(string json, string hint)
    {
        var message = OllamaKeepAlive.From(JsonDocument.Parse(json).RootElement).Failure!.Message;

        Assert.StartsWith("'keep_alive'", message, StringComparison.Ordinal);
        Assert.Contains(hint, message, StringComparison.Ordinal);
    }

    /// <summary>A megabyte of digits (what fits in a request body) is refused at once, not after minutes of matching.</summary>
    [Fact]
    public void KeepAlive_AMegabyteOfDigits_IsRefused_AsTooLong()
    {
        var (nanoseconds, why) = OllamaKeepAlive.ParseGoDuration(new string('1', 1 << 20));

        Assert.Null(nanoseconds);
        Assert.Contains("longer than 64 characters", why, StringComparison.Ordinal);
    }

    /// <summary>Within the length limit, digits without a unit are read once: the number cannot be split two ways.</summary>
    [Fact]
    public void KeepAlive_DigitsWithoutAUnit_AreRefusedAsHavingNoUnit()
    {
        var (nanoseconds, why) = OllamaKeepAlive.ParseGoDuration(new string('1', 64));

        Assert.Null(nanoseconds);
        Assert.Contains("no unit", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_RawOrSuffix_AskTheEnginesRawPrompt_AndASuffixAloneIsStillAPrompt()
    {
        var (raw, _) = OllamaGenerateEndpoint.Check(new ModelScale.ChatHost.Contracts.Ollama.OllamaGenerateRequest { Model = "stories", Prompt = "<|im_start|>x", Raw = true }, 100);
        var (fim, _) = OllamaGenerateEndpoint.Check(new ModelScale.ChatHost.Contracts.Ollama.OllamaGenerateRequest { Model = "stories", Suffix = "after" }, 100);
        var (chat, _) = OllamaGenerateEndpoint.Check(new ModelScale.ChatHost.Contracts.Ollama.OllamaGenerateRequest { Model = "stories", Prompt = "hi", System = "Be brief." }, 100);

        Assert.Equal("raw", raw!.RawBy);
        Assert.True(RawPrompt.IsAsked(raw.Options.Options));
        Assert.Equal("<|im_start|>x", Assert.Single(raw.Messages).Text);
        Assert.Equal("suffix", fim!.RawBy);
        Assert.True(RawPrompt.IsAsked(fim.Options.Options));
        Assert.Equal("after", fim.Options.Options.AdditionalProperties![RawPrompt.SuffixKey]);
        Assert.Equal(string.Empty, Assert.Single(fim.Messages).Text);
        Assert.Null(chat!.RawBy);
        Assert.False(RawPrompt.IsAsked(chat.Options.Options));
        Assert.Equal(2, chat.Messages.Count);
    }

    [Fact]
    public void Capabilities_HaveInsert_OnlyForAVocabularyWithFimTokens()
    {
        Assert.Equal(["completion", "tools", "embedding", "insert"], OllamaCapabilities.Of(ModelScale.Profiles.Gguf.GgufReader.Read(ModelScale.ChatHost.Tests.Engine.FillInMiddleTests.FimModelPath)));
        Assert.Equal(["completion", "tools", "embedding"], OllamaCapabilities.Of(ModelScale.Profiles.Gguf.GgufReader.Read(ModelScale.Tests.Shared.OwnModels.Tiny)));
    }

    [Fact]
    public void Options_AreHonouredWhereTheEngineReadsThem()
    {
        var options = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(
            """{"num_ctx":1024,"num_predict":50,"temperature":0.3,"top_p":0.5,"top_k":7,"min_p":0.05,"seed":11,"stop":["\n\n","END"],"repeat_penalty":1.2,"presence_penalty":0.4,"frequency_penalty":-0.5}""")!;

        var (parsed, failure) = OllamaModelOptions.From(options, 200);

        Assert.Null(failure);
        var chat = parsed!.Options;
        Assert.Equal(1024, parsed.NumCtx);
        Assert.Equal(50, chat.MaxOutputTokens);
        Assert.Equal(0.3f, chat.Temperature);
        Assert.Equal(0.5f, chat.TopP);
        Assert.Equal(7, chat.TopK);
        Assert.Equal(11, chat.Seed);
        Assert.Equal(11, parsed.Seed);
        Assert.Equal(["\n\n", "END"], chat.StopSequences!);
        Assert.Equal(0.4f, chat.PresencePenalty);
        Assert.Equal(-0.5f, chat.FrequencyPenalty);
        var sampling = ChatOptionsSampling.From(chat, 512);
        Assert.Equal(0.05f, sampling.MinP);
        Assert.Equal(1.2f, sampling.RepeatPenalty);
        Assert.Equal(["num_ctx", "top_k", "min_p", "repeat_penalty"], parsed.LocalOnly);
    }

    [Fact]
    public void Options_Absent_AreOllamasDefaults_WithARandomSeed()
    {
        var (a, _) = OllamaModelOptions.From(null, 200);
        var (b, _) = OllamaModelOptions.From(null, 200);

        Assert.Equal(OllamaModelOptions.DefaultTemperature, a!.Options.Temperature);
        Assert.Equal(200, a.Options.MaxOutputTokens);
        Assert.Null(a.NumCtx);
        Assert.NotEqual(a.Seed, b!.Seed);
    }

    [Theory]
    [InlineData("""{"num_predict":-1}""", 200)]
    [InlineData("""{"num_predict":-2}""", 200)]
    [InlineData("""{"num_predict":5.0}""", 5)]
    public void NumPredict_NoLimit_IsTheServersLimit(string json, int expected) =>
        Assert.Equal(expected, OllamaModelOptions.From(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json), 200).Options!.Options.MaxOutputTokens);

    [Theory]
    [InlineData("""{"num_predict":201}""", "num_predict")]
    [InlineData("""{"num_ctx":8}""", "num_ctx")]
    [InlineData("""{"num_ctx":1.5}""", "num_ctx")]
    [InlineData("""{"seed":"x"}""", "seed")]
    [InlineData("""{"stop":[1]}""", "stop")]
    [InlineData("""{"typical_p":0.9}""", "typical_p")]
    [InlineData("""{"num_thread":4}""", "num_thread")]
    [InlineData("""{"not_an_option":1}""", "not_an_option")]
    public void Options_ThatCannotBeHonoured_AreRefusedByName(string json, string name) =>
        Assert.Contains($"options.{name}", OllamaModelOptions.From(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json), 200).Failure!.Message, StringComparison.Ordinal);

    [Fact]
    public void Format_Json_AndASchema_BecomeTheResponseFormat()
    {
        var (json, _) = OllamaFormat.From(JsonDocument.Parse("\"json\"").RootElement);
        var (schema, _) = OllamaFormat.From(JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"integer"}}}""").RootElement);
        var (none, _) = OllamaFormat.From(JsonDocument.Parse("\"\"").RootElement);

        Assert.Same(ChatResponseFormat.Json, json);
        Assert.Equal("integer", Assert.IsType<ChatResponseFormatJson>(schema).Schema!.Value.GetProperty("properties").GetProperty("a").GetProperty("type").GetString());
        Assert.Null(none);
    }
}
