using LLama.Native;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.Profiles.Catalog;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine.Decoding;

public sealed class DecodeLoopTests
{
    private const int Tokens = 16;

    private static async Task<(ModelEngine Engine, LoadedModel Model)> LoadStoriesAsync(int parallel, int context = 256, bool trained = false)
    {
        var engine = EngineFactory.Create();
        var options = Options.Create(new EngineOptions { Threads = 1, Parallel = parallel });
        var loader = new ProfileLoader(engine, new ModelLocator(Path.GetTempPath()), new ModelPlanner(new FixedMemoryInventory(), options), options);
        var profile = new ModelProfile { Id = "stories", DisplayName = "stories260K", Path = trained ? TestModels.Stories260K : OwnModels.Tiny, ContextLength = context };
        return (engine, (await loader.LoadAsync(profile)).Model);
    }

    private static GenerationSettings Greedy(List<LLamaToken> sink, Action? onToken = null, int tokens = Tokens) => new()
    {
        MaxTokens = tokens,
        IgnoreEndOfGeneration = true,
        OnToken = t =>
        {
            lock (sink)
            {
                sink.Add(t);
            }

            onToken?.Invoke();
        },
    };

    private static async Task<List<LLamaToken>> AloneAsync(LoadedModel model, LLamaToken[] prompt)
    {
        var alone = new List<LLamaToken>();
        await foreach (var piece in AnswerStream.GenerateAsync(model, prompt, Greedy(alone)))
        {
        }

        return alone;
    }

    private static async Task<(string Text, AnswerStats Stats)> CompleteAsync(LoadedModel model, string prompt, GenerationSettings settings)
    {
        var text = new System.Text.StringBuilder();
        AnswerStats? stats = null;
        await foreach (var piece in AnswerStream.GenerateAsync(model, model.Tokenize(prompt), settings))
        {
            text.Append(piece.Text);
            stats ??= piece.Stats;
        }

        return (text.ToString(), stats!);
    }

    [Fact]
    public async Task TwoSequences_DecodedTogether_GiveTheGreedyTokensOfOneAlone()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2);
        await using var _ = engine;
        var prompt = model.Tokenize("Once upon a time");
        var alone = await AloneAsync(model, prompt);

        var first = new List<LLamaToken>();
        var second = new List<LLamaToken>();
        var decoder = model.Decoder;
        var a = decoder.Start(prompt, Greedy(first));
        var b = decoder.Start(prompt, Greedy(second));
        var stats = await Task.WhenAll(a.Completion, b.Completion).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, decoder.Sequences);
        Assert.Equal(alone, first);
        Assert.Equal(alone, second);
        Assert.Equal(Tokens, stats[0].CompletionTokens);
        Assert.Equal(FinishReasons.Length, stats[1].FinishReason);
    }

    [Fact]
    public async Task LateJoiner_GetsItsFirstTokenWhileTheOtherIsStillStreaming()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2);
        await using var _ = engine;
        var prompt = model.Tokenize("Once upon a time");
        var other = model.Tokenize("A little dog ran to the park");
        var decoder = model.Decoder;
        decoder.PrefillChunk = 2;
        var joined = new TaskCompletionSource<DecodeSequence>(TaskCreationOptions.RunContinuationsAsynchronously);
        var early = new List<LLamaToken>();
        var lateTokens = new List<LLamaToken>();
        var first = decoder.Start(prompt, Greedy(early, () =>
        {
            if (early.Count == 2)
            {
                joined.SetResult(decoder.Start(other, Greedy(lateTokens)));
            }
        }));

        var earlyStats = await first.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        var lateStats = await (await joined.Task).Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Tokens, lateStats.CompletionTokens);
        Assert.True(lateStats.TokenTimestamps[0] < earlyStats.TokenTimestamps[^1], "the late sequence's first token came after the early one had finished");
        Assert.Equal(await AloneAsync(model, other), lateTokens);
    }

    [Fact]
    public async Task TwoConversations_TakingTurns_EachFindTheirOwnPromptCached()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2);
        await using var _ = engine;
        var decoder = model.Decoder;
        var a1 = model.Tokenize("Once upon a time there was a cat.");
        var b1 = model.Tokenize("The sun was big and yellow in the sky.");
        var aTokens = new List<LLamaToken>();
        await decoder.Start(a1, Greedy(aTokens)).Completion;
        await decoder.Start(b1, Greedy([])).Completion;

        // A's next turn: its first prompt, the answer it got, and a new line; B's turn in between must not have evicted it.
        LLamaToken[] a2 = [.. a1, .. aTokens, .. model.Tokenize(" The cat was happy.").Skip(1)];
        var second = await decoder.Start(a2, Greedy([])).Completion;

        Assert.True(second.CachedPromptTokens >= a1.Length, $"only {second.CachedPromptTokens} of A's {a1.Length} earlier prompt tokens were still cached");
        Assert.Equal(a2.Length, second.PromptTokens);
    }

    [Fact]
    public async Task CancelledSequence_EndsWithWhatItHad_AndFreesItsSlotForAWaitingOne()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2);
        await using var _ = engine;
        var decoder = model.Decoder;
        var prompt = model.Tokenize("Once upon a time");
        DecodeSequence? cancelMe = null;
        var seen = new List<LLamaToken>();
        cancelMe = decoder.Start(prompt, Greedy(seen, () =>
        {
            if (seen.Count == 3)
            {
                cancelMe!.Cancel();
            }
        }, tokens: 200));
        var busy = decoder.Start(model.Tokenize("The dog"), Greedy([], tokens: 40));
        var waiting = decoder.Start(model.Tokenize("A bird"), Greedy([], tokens: 4));

        var cancelled = await cancelMe.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        var waited = await waiting.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        var busyStats = await busy.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(FinishReasons.Cancelled, cancelled.FinishReason);
        Assert.InRange(cancelled.CompletionTokens, 3, 5);
        Assert.Equal(4, waited.CompletionTokens);
        Assert.True(waited.TokenTimestamps[^1] < busyStats.TokenTimestamps[^1], "the waiting sequence only got a slot when the busy one ended");
    }

    [Fact]
    public async Task CancellingASequenceStillWaitingForASlot_EndsItAtOnce()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2);
        await using var _ = engine;
        var decoder = model.Decoder;
        var running = Enumerable.Range(0, 2).Select(i => decoder.Start(model.Tokenize($"Story {i}"), Greedy([], tokens: 100_000))).ToList();
        var queued = decoder.Start(model.Tokenize("A bird"), Greedy([]));

        queued.Cancel();
        var stats = await queued.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(FinishReasons.Cancelled, stats.FinishReason);
        Assert.Equal(0, stats.CompletionTokens);
        Assert.All(running, r => Assert.False(r.Completion.IsCompleted));
        running.ForEach(r => r.Cancel());
        await Task.WhenAll(running.Select(r => r.Completion)).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ATokenCallbackThatThrows_FailsOnlyItsOwnSequence()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2);
        await using var _ = engine;
        var decoder = model.Decoder;
        var broken = decoder.Start(model.Tokenize("Once"), new GenerationSettings { MaxTokens = 8, IgnoreEndOfGeneration = true, OnToken = _ => throw new InvalidOperationException("callback broke") });
        var fine = decoder.Start(model.Tokenize("Once upon"), Greedy([]));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => broken.Completion.WaitAsync(TimeSpan.FromSeconds(60)));
        var stats = await fine.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("callback broke", error.Message);
        Assert.Equal(Tokens, stats.CompletionTokens);
    }

    [Fact]
    public async Task ANewConversationSharingAnotherOnesStart_TakesAnEmptySlot_InsteadOfEvictingIt()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 3);
        await using var _ = engine;
        var decoder = model.Decoder;
        var a1 = model.Tokenize("Once upon a time there was a cat. The cat liked to play.");
        var answer = new List<LLamaToken>();
        await decoder.Start(a1, Greedy(answer, tokens: a1.Length)).Completion;

        // B starts with A's whole first prompt, which is half of what A's slot holds; then goes elsewhere.
        LLamaToken[] b = [.. a1, .. model.Tokenize(" A dog ran to the park.").Skip(1)];
        await decoder.Start(b, Greedy([])).Completion;
        LLamaToken[] a2 = [.. a1, .. answer, .. model.Tokenize(" The cat slept.").Skip(1)];
        var second = await decoder.Start(a2, Greedy([])).Completion;

        Assert.True(second.CachedPromptTokens >= a1.Length + answer.Count - 1, $"A's next turn reused {second.CachedPromptTokens} tokens of the {a1.Length + answer.Count - 1} its slot held");
    }

    [Fact]
    public async Task ChatClients_OnABatchedModel_AnswerConcurrently_AsOneWouldAlone()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2);
        await using var _ = engine;
        var client = new LlamaChatClient(model);
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 24 };
        ChatMessage[] question = [new(ChatRole.User, "Tell me a story about a cat.")];
        var alone = await client.GetResponseAsync(question, options);

        var together = await Task.WhenAll(client.GetResponseAsync(question, options), client.GetResponseAsync(question, options)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(together, r => Assert.Equal(alone.Text, r.Text));
        Assert.All(together, r => Assert.Equal(AnswerStats.From(alone)!.CompletionTokens, AnswerStats.From(r)!.CompletionTokens));
    }

    [Fact]
    public async Task ChatClient_StopSequence_EndsTheBatchedAnswerThere()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2);
        await using var _ = engine;
        var client = new LlamaChatClient(model);
        ChatMessage[] question = [new(ChatRole.User, "Tell me a story.")];
        var full = await client.GetResponseAsync(question, new ChatOptions { Temperature = 0, MaxOutputTokens = 40 });
        Assert.True(full.Text.Length > 12, $"the answer was too short to cut: '{full.Text}'");
        var stop = full.Text.Substring(full.Text.Length / 2, 3);

        var cut = await client.GetResponseAsync(question, new ChatOptions { Temperature = 0, MaxOutputTokens = 40, StopSequences = [stop] });

        Assert.Equal(full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)], cut.Text);
        Assert.Equal(ChatFinishReason.Stop, cut.FinishReason);
    }

    [Fact]
    public async Task CancellingAStreamedBatchedAnswer_EndsItAsCancelled()
    {
        // The whole 512-token context to answer in: the decode runs ahead of this reader, so a short answer could end
        // before a slow test thread reads its third piece.
        var (engine, model) = await LoadStoriesAsync(parallel: 2, context: 512);
        await using var _ = engine;
        var client = new LlamaChatClient(model);
        using var cancel = new CancellationTokenSource();
        AnswerStats? stats = null;
        var pieces = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new(ChatRole.User, "Tell me a story.")], new ChatOptions { MaxOutputTokens = 480, Temperature = 0 }, cancel.Token))
            {
                stats = AnswerStats.From(update) ?? stats;
                if (++pieces == 3)
                {
                    cancel.Cancel();
                }
            }
        });

        Assert.Equal(FinishReasons.Cancelled, stats?.FinishReason);
        var next = await client.GetResponseAsync([new(ChatRole.User, "Hello")], new ChatOptions { MaxOutputTokens = 4, Temperature = 0 });
        Assert.Equal(4, AnswerStats.From(next)!.CompletionTokens);
    }

    [Fact]
    public async Task APromptTheSequenceContextCannotHold_IsRefusedWithTheNumbers()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2, context: 64);
        await using var _ = engine;
        var prompt = Enumerable.Repeat(model.Tokenize("Once")[^1], model.SequenceContext + 16).ToArray();

        var error = Assert.Throws<ContextLengthExceededException>(() => model.Decoder.Start(prompt, Greedy([])));
        Assert.Equal(model.SequenceContext, error.ContextLength);
        Assert.Equal(prompt.Length, error.PromptTokens);
        Assert.True(model.SequenceContext < model.ContextLength, "the context is split between the sequences");
    }

    [Fact]
    public async Task AModelForOneSequence_HasOneSlot_WithTheWholeContext()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 1);
        await using var _ = engine;

        Assert.Equal(1, model.Decoder.Sequences);
        Assert.Equal(model.ContextLength, model.SequenceContext);
    }

    [SharedModelsFact]
    public async Task OneSlot_Greedy_ContinuesOnceUponATimeWithLily_AndRepeatsExactly()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 1, trained: true);
        await using var _ = engine;
        var settings = new GenerationSettings { MaxTokens = 60 };

        var first = await CompleteAsync(model, "Once upon a time", settings);
        model.ResetCache();
        var second = await CompleteAsync(model, "Once upon a time", settings);

        Assert.Contains("Lily", first.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(60, first.Stats.CompletionTokens);
        Assert.Equal(0, second.Stats.CachedPromptTokens);
        Assert.Equal(FinishReasons.Length, first.Stats.FinishReason);
        Assert.True(first.Stats.DecodeTokensPerSecond > 0);
    }

    [Fact]
    public async Task Sampling_SameSeedGivesSameText_DifferentSeedUsuallyDiffers()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 1);
        await using var _ = engine;

        var a = await CompleteAsync(model, "Once upon a time", new GenerationSettings { Sampling = new SamplingSettings { Temperature = 1.0f, Seed = 7 }, MaxTokens = 40 });
        var b = await CompleteAsync(model, "Once upon a time", new GenerationSettings { Sampling = new SamplingSettings { Temperature = 1.0f, Seed = 7 }, MaxTokens = 40 });
        var c = await CompleteAsync(model, "Once upon a time", new GenerationSettings { Sampling = new SamplingSettings { Temperature = 1.0f, Seed = 8 }, MaxTokens = 40 });

        Assert.Equal(a.Text, b.Text);
        Assert.NotEqual(a.Text, c.Text);
    }

    [Fact]
    public async Task OneSlot_CancellingDuringTheAnswer_EndsItAsCancelled_AndTheModelStaysUsable()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 1);
        await using var _ = engine;
        using var cts = new CancellationTokenSource();
        var pieces = 0;
        AnswerStats? stats = null;

        // Cancelled from the decode thread at its fifth token: the decode runs ahead of this reader, so cancelling
        // from the reader could come after a short answer had already ended.
        var settings = new GenerationSettings
        {
            OnToken = _ =>
            {
                if (++pieces == 5)
                {
                    cts.Cancel();
                }
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var piece in AnswerStream.GenerateAsync(model, model.Tokenize("Once upon a time"), settings, cancellationToken: cts.Token))
            {
                stats = piece.Stats ?? stats;
            }
        });

        Assert.Equal(FinishReasons.Cancelled, stats?.FinishReason);
        var after = await CompleteAsync(model, "Once upon a time", new GenerationSettings { MaxTokens = 60 });
        model.ResetCache();
        var fresh = await CompleteAsync(model, "Once upon a time", new GenerationSettings { MaxTokens = 60 });
        Assert.Equal(fresh.Text, after.Text);
    }

    [Fact]
    public async Task OneSlot_RequestsAtOnce_AreAnsweredOneAfterTheOther_EachAsItWouldBeAlone()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 1);
        await using var _ = engine;
        var prompt = model.Tokenize("Once upon a time");
        var alone = await AloneAsync(model, prompt);

        var first = new List<LLamaToken>();
        var second = new List<LLamaToken>();
        var a = model.Decoder.Start(prompt, Greedy(first));
        var b = model.Decoder.Start(prompt, Greedy(second));
        var stats = await Task.WhenAll(a.Completion, b.Completion).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(alone, first);
        Assert.Equal(alone, second);
        Assert.True(stats[0].TokenTimestamps[^1] <= stats[1].TokenTimestamps[0], "the second answer started before the first had ended");
        Assert.True(stats[1].TimeToFirstToken > stats[0].TimeToFirstToken, "the second answer's wait for the slot is part of its time to first token");
    }

    [Fact]
    public async Task MaxTokensZero_EndsAtLength_WithoutAToken()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 1);
        await using var _ = engine;

        var result = await CompleteAsync(model, "Once upon a time", new GenerationSettings { MaxTokens = 0 });

        Assert.Equal(string.Empty, result.Text);
        Assert.Equal(0, result.Stats.CompletionTokens);
        Assert.Equal(FinishReasons.Length, result.Stats.FinishReason);
    }

    [Fact]
    public async Task UnloadingTheModel_FailsSequencesStillWaiting_InsteadOfLeavingThemHanging()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2);
        var decoder = model.Decoder;
        var prompt = model.Tokenize("Once upon a time");
        var started = Enumerable.Range(0, 4).Select(_ => decoder.Start(prompt, Greedy([], tokens: 10_000))).ToList();

        engine.Dispose();

        foreach (var sequence in started)
        {
            var outcome = await Record.ExceptionAsync(() => sequence.Completion.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.IsAssignableFrom<OperationCanceledException>(outcome);
        }
    }
}
