using System.Globalization;
using LLama.Native;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Bench;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.Profiles.Catalog;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>
/// The greedy answers every generating path gave before the two decode loops became one, recorded token for token
/// (ids where the path exposes them, the text and the token counts where it is a chat answer): bench's runner; a chat
/// client on a model loaded for one sequence (two turns, the second reusing the first's KV prefix, then an answer cut
/// by a stop sequence); a model loaded for two sequences answering two requests at once (one cut by a stop sequence).
/// Chat, replay and serve all answer through the chat client. A change to the decode loop must leave all of it as is.
/// </summary>
public sealed class GreedyGoldenTests
{
    public static TheoryData<string> Models => new() { "stories", "tiny" };

    private static string PathOf(string model) => model == "stories" ? TestModels.Stories260K : TestModels.TinyRandom;

    private static (ModelEngine Engine, ProfileLoader Loader, ModelProfile Profile) Setup(string model, int parallel)
    {
        var engine = EngineFactory.Create();
        var options = Options.Create(new EngineOptions { Threads = 1, Parallel = parallel });
        var loader = new ProfileLoader(engine, new ModelLocator(Path.GetTempPath()), new ModelPlanner(new FixedMemoryInventory(), options), options);
        var profile = new ModelProfile { Id = model, DisplayName = model, Path = PathOf(model), ContextLength = 256 };
        return (engine, loader, profile);
    }

    [SharedModelsTheory]
    [MemberData(nameof(Models))]
    public async Task Bench_GreedyTokens_AreTheRecordedOnes(string model)
    {
        var (engine, loader, profile) = Setup(model, parallel: 1);
        await using var _ = engine;
        var settings = new BenchSettings { Threads = 1, Context = 256, BatchSize = 512, PromptTokens = 48, GenTokens = 40, Repeat = 1, SwitchBack = false };

        var result = await new BenchRunner(loader, engine, TimeProvider.System, settings).MeasureAsync(profile, _ => { });

        Assert.Equal(Golden.Bench[model], Format(result.GreedyTokens));
        Assert.Equal(40, result.Runs[0].CompletionTokens);
        Assert.Equal(48, result.Runs[0].PromptTokens);
        Assert.Equal(0, result.Runs[0].CachedPromptTokens);
    }

    [SharedModelsTheory]
    [MemberData(nameof(Models))]
    public async Task ChatClient_OneSequence_GivesTheRecordedAnswers(string model)
    {
        var (engine, loader, profile) = Setup(model, parallel: 1);
        await using var _ = engine;
        var client = (await loader.LoadAsync(profile)).Client;
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 32 };
        List<ChatMessage> history = [new(ChatRole.User, "Tell me a story about a cat.")];

        var first = await client.GetResponseAsync(history, options);
        history.Add(new ChatMessage(ChatRole.Assistant, first.Text));
        history.Add(new ChatMessage(ChatRole.User, "What happened next?"));
        var second = await client.GetResponseAsync(history, options);
        var stopped = await client.GetResponseAsync([new(ChatRole.User, "Tell me a story about a cat.")], new ChatOptions { Temperature = 0, MaxOutputTokens = 32, StopSequences = ["e"] });

        string[] answers = [Describe(first), Describe(second), Describe(stopped)];
        Assert.Equal(Golden.ChatTurns[model], answers);
    }

    [SharedModelsTheory]
    [MemberData(nameof(Models))]
    public async Task TwoSequences_AnsweredTogether_GiveTheRecordedAnswers(string model)
    {
        var (engine, loader, profile) = Setup(model, parallel: 2);
        await using var _ = engine;
        var load = await loader.LoadAsync(profile);
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 24 };

        var chats = await Task.WhenAll(
            load.Client.GetResponseAsync([new(ChatRole.User, "Tell me a story about a cat.")], options),
            load.Client.GetResponseAsync([new(ChatRole.User, "Where does the dog sleep?")], new ChatOptions { Temperature = 0, MaxOutputTokens = 24, StopSequences = ["y"] })).WaitAsync(TimeSpan.FromSeconds(60));
        var tokens = await Task.WhenAll(
            TokensAsync(load.Model, "Once upon a time", 32),
            TokensAsync(load.Model, "The little bird", 32)).WaitAsync(TimeSpan.FromSeconds(60));

        string[] answers = [.. chats.Select(Describe), .. tokens.Select(Format)];
        Assert.Equal(Golden.Together[model], answers);
    }

    /// <summary>Greedy token ids of one sequence started on the model's decoder next to others.</summary>
    private static async Task<IReadOnlyList<int>> TokensAsync(LoadedModel model, string prompt, int count)
    {
        var tokens = new List<int>();
        var settings = new GenerationSettings { MaxTokens = count, IgnoreEndOfGeneration = true, OnToken = t => tokens.Add((int)t) };
        await model.Decoder.Start(model.Tokenize(prompt), settings).Completion;
        return tokens;
    }

    private static string Describe(ChatResponse response)
    {
        var stats = AnswerStats.From(response)!;
        return string.Create(CultureInfo.InvariantCulture, $"{stats.FinishReason} {stats.PromptTokens}/{stats.CachedPromptTokens}/{stats.CompletionTokens}: {response.Text}");
    }

    private static string Format(IReadOnlyList<int> tokens) => string.Join(",", tokens);

    /// <summary>What the code gave at d76a251 (before one decoder), on the shared stories260K and llama-2-tiny-random.</summary>
    private static class Golden
    {
        public static readonly Dictionary<string, string> Bench = new()
        {
            ["stories"] = "426,346,397,355,267,262,415,327,345,374,419,265,268,420,414,433,302,278,412,354,426,13,441,416,411,328,432,261,376,268,414,422,395,326,280,314,411,267,265,282",
            ["tiny"] = "11775,4990,14550,1111,4632,2347,8504,30462,4043,17210,9676,16157,20414,14340,1189,30070,29182,9645,20945,16138,2451,19209,19982,8317,15492,19741,8021,29710,4660,29509,31364,19741,8021,29710,4660,29509,31364,19741,8021,29710",
        };

        public static readonly Dictionary<string, string[]> ChatTurns = new()
        {
            ["stories"] =
            [
                "length 56/0/32: \"Here,\" Annack.\n\"One, Annabyear,\" A",
                "length 144/87/32: \"He?\" asked Annap.\n\"Sure, It was a big, scary.",
                "stop 56/55/3: \"H",
            ],
            ["tiny"] =
            [
                "length 36/0/32: alph zesificate successo status heutigenโgele HarttekupsologЕfahrtникиizaçãountaException inwonersleb Ele Werk zesificate successo status heutigenโgele Harttekups",
                "length 112/45/32: alph Floricane Pauloinst© WindowsCa occupied Wasser葉gele HarttekupsologЕfahrtникиizaçãountaException inwonersleb Ele Werk zesificate successo status heutigenโ",
                "stop 36/35/2: alph z",
            ],
        };

        public static readonly Dictionary<string, string[]> Together = new()
        {
            ["stories"] =
            [
                "length 56/0/24: \"Here,\" Annack.\n\"One, Anna",
                "stop 53/0/18: \"Here,\" Annack.\n\"Oka",
                "432,383,286,261,376,298,315,421,395,317,426,338,401,396,267,337,410,408,419,292,411,322,265,282,295,433,426,385,328,432,358,394",
                "417,411,286,399,262,423,295,413,426,338,381,261,370,268,315,418,395,274,424,411,316,422,426,274,424,411,316,422,286,399,393,426",
            ],
            ["tiny"] =
            [
                "length 36/0/24: alph zesificate successo status heutigenโgele HarttekupsologЕfahrtникиizaçãountaException inwonersleb Ele Werk zesificate",
                "length 34/0/24: alph zesificate successo status heutigenโgele HarttekupsologЕfahrtникиizaçãountaException inwonersleb Ele Werk zesificate",
                "17196,5211,21440,25431,7455,3285,29710,4660,29509,31364,19741,8021,29710,4660,29509,31364,28253,12321,12681,14340,1189,30070,29182,9645,20945,16138,2451,19209,19982,8317,15492,19741",
                "20683,3594,9352,30601,31500,17241,10382,11774,6596,20349,184,7593,23871,8424,16021,3852,26270,16404,9069,21352,25997,9645,20945,16138,2451,19209,19982,8317,15492,19741,8021,29710",
            ],
        };
    }
}
