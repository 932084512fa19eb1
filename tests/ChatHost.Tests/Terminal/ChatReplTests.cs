using ModelScale.ChatHost.Commands;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Terminal;
using ModelScale.ChatHost.Tests.Replay;
using ModelScale.ChatHost.Tests.Sessions;
using ModelScale.Tests.Shared;
using Spectre.Console.Testing;

namespace ModelScale.ChatHost.Tests.Terminal;

public sealed class ChatReplTests
{
    private static async Task<(int Exit, string Out, string Status, SessionFactory Factory)> RunAsync(string input, string? profile = "stories", int? maxTokens = 8, bool withReplay = false)
    {
        var factory = new SessionFactory();
        var output = new TestConsole();
        var status = new TestConsole();
        output.Profile.Width = status.Profile.Width = 400;
        using var interrupts = new InterruptHandler();
        var repl = new ChatRepl(
            factory.Session,
            new ReplConsoles(output, status, Interactive: false),
            new StringReader(input),
            interrupts,
            new ReplOptions { Profile = profile, Sampling = new SamplingSettings(MaxTokens: maxTokens) },
            withReplay ? ReplayFixture.Runner(factory) : null);

        var exit = await repl.RunAsync() ? ExitCodes.Ok : ExitCodes.UserError;
        return (exit, output.Output, status.Output, factory);
    }

    [Fact]
    public async Task PipedTurns_AreAnswered_AndEndOfInputExitsCleanly()
    {
        var (exit, output, status, f) = await RunAsync("Hello\n\nHow are you?\n");
        await using var _ = f;

        Assert.Equal(0, exit);
        Assert.Equal(4, f.Session.History.Count);
        Assert.Contains(f.Session.History[1].Text.Trim(), output);
        Assert.Contains("stories (stories260K): loaded in", status);
        Assert.Contains("has no chat template; using ChatML", status);
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public async Task InvalidFilesAndBadCommands_GetOneSentenceEach_AndTheReplKeepsGoing()
    {
        var notGguf = Path.Combine(Path.GetTempPath(), $"modelscale-not-gguf-{Guid.NewGuid():N}.gguf");
        await File.WriteAllTextAsync(notGguf, "this is plain text, not a model");
        try
        {
            var input = string.Join('\n',
                "/profile nope",
                $"/profile {OwnModels.GgufV1}",
                $"/profile {OwnModels.VocabOnly}",
                $"/profile {notGguf}",
                "/profile absent",
                "/frobnicate",
                "/profil",
                "Still here?",
                "/exit",
                "This line is never read");
            var (exit, output, status, f) = await RunAsync(input);
            await using var _ = f;

            Assert.Equal(0, exit);
            Assert.Contains("Unknown profile 'nope'. Valid ids: stories, tiny, absent.", status);
            Assert.Contains("GGUF version 1", status);
            Assert.Contains("vocab-only", status);
            Assert.Contains(Path.GetFileName(notGguf), status);
            Assert.Contains("is not on disk", status);
            Assert.Contains("Unknown command '/frobnicate'", status);
            Assert.Contains("Did you mean /profile", status);
            Assert.Equal(7, status.Split('\n').Count(l => l.StartsWith("error:", StringComparison.Ordinal)));
            Assert.DoesNotContain("   at ", status);
            Assert.Equal("stories", f.Session.Profile!.Id);
            Assert.Equal(2, f.Session.History.Count);
        }
        finally
        {
            File.Delete(notGguf);
        }
    }

    [Fact]
    public async Task ProfileCommand_SwitchesMidSession_AndCarriesTheConversation()
    {
        var (exit, _, status, f) = await RunAsync("One\n/profile tiny\nTwo\n/history\n/stats\n");
        await using var _ = f;

        Assert.Equal(0, exit);
        Assert.Contains("tiny (tiny-random): loaded in", status);
        Assert.Contains("2 earlier messages carried over", status);
        Assert.Equal("tiny", f.Session.History[^1].ProfileId);
    }

    [Fact]
    public async Task HistoryStatsProfilesAndHelp_WriteToOutput()
    {
        var (exit, output, _, f) = await RunAsync("Hi\n/history\n/stats\n/profiles\n/help\n");
        await using var _ = f;

        Assert.Equal(0, exit);
        Assert.Contains("[user] Hi", output);
        Assert.Contains("[assistant (stories)]", output);
        Assert.Contains("completion tokens", output);
        Assert.Contains("tiny-random", output);
        Assert.Contains("/profile ID|PATH", output);
    }

    [Fact]
    public async Task SaveAndLoad_GoThroughTheConversationFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"modelscale-repl-{Guid.NewGuid():N}.json");
        try
        {
            var (_, _, status, f) = await RunAsync($"/system Be nice.\nHi\n/save {file}\n/reset\n/load {file}\n");
            await using var _ = f;

            Assert.Contains("Saved 2 messages", status);
            Assert.Contains("Loaded 2 messages", status);
            Assert.Equal("Be nice.", f.Session.SystemPrompt);
            Assert.Equal(2, f.Session.History.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task StartingWithAnUnknownProfile_FailsWithExitCode1()
    {
        var (exit, _, status, f) = await RunAsync("Hi\n", profile: "nope");
        await using var _ = f;

        Assert.Equal(1, exit);
        Assert.Contains("Unknown profile 'nope'", status);
    }

    [Fact]
    public async Task ReplayCommand_ComparesTheTiers_AndTheSessionCarriesOnWhereItWas()
    {
        var (exit, output, status, f) = await RunAsync("Hello\n/replay stories,tiny\n/replay nope\n/replay\nAgain\n", withReplay: true);
        await using var _ = f;
        var firstAnswer = f.Session.History[1].Text;

        Assert.Equal(0, exit);
        Assert.Contains("[1/2] stories: turn 1/1", status);
        Assert.Contains("[2/2] tiny: turn 1/1", status);
        Assert.Contains("Back on stories, with 2 messages.", status);
        Assert.Contains("Unknown profile 'nope'", status);
        Assert.Contains("Usage: /replay ID[,ID...]", status);
        // The verdict table, one row per tier by size, then every turn with each tier's answer in full.
        Assert.Contains("Verdict: ", output);
        Assert.Contains("(stories)", output);
        Assert.Contains("(tiny)", output);
        Assert.Contains("Turn 1", output);
        Assert.Contains(FirstWords(firstAnswer), output);

        // Same profile, same history, and the next message is answered by the chat's model (reloaded if it was pushed out).
        Assert.Equal("stories", f.Session.Profile!.Id);
        Assert.Equal(4, f.Session.History.Count);
        Assert.Equal(["Hello", "Again"], f.Session.History.Where(m => m.Role == Microsoft.Extensions.AI.ChatRole.User).Select(m => m.Text));
        Assert.Equal("stories", f.Session.History[3].ProfileId);
        Assert.False(string.IsNullOrEmpty(f.Session.History[3].Text));
        Assert.Equal(2, status.Split('\n').Count(l => l.StartsWith("error:", StringComparison.Ordinal)));
    }

    /// <summary>The start of an answer as the replay table shows it: on one line, cut short.</summary>
    private static string FirstWords(string answer)
    {
        var line = ModelScale.ChatHost.Replay.ReportText.Shorten(answer, 48);
        return line[..Math.Min(20, line.Length)];
    }
}
