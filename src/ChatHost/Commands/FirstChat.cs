using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;
using ModelScale.Profiles.Units;
using Spectre.Console;

namespace ModelScale.ChatHost.Commands;

/// <summary>How a first chat may get its model: whether it may ask, and whether the answer is already yes.</summary>
/// <param name="AssumeYes">--yes or MODELSCALE_ASSUME_YES: download without asking.</param>
/// <param name="CanAsk">Whether stdin is a terminal; a pipe is never asked.</param>
internal sealed record FirstChatConsent(bool AssumeYes, bool CanAsk)
{
    public const string AssumeYesVariable = "MODELSCALE_ASSUME_YES";

    /// <summary>MODELSCALE_ASSUME_YES counts when it is 1, true or yes.</summary>
    public static bool FromEnvironment(string? value) =>
        value?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "y";
}

/// <summary>
/// `modelscale chat` with nothing on disk: says which tier suits this machine (id, model, size, what the plan says),
/// asks once on a terminal, pulls it with the progress bar, and hands the chat its id and the reason. A declined
/// download, piped stdin without --yes, too little disk space or a failed pull is one sentence and exit code 1.
/// </summary>
internal sealed class FirstChat(
    ProfileCatalog catalog,
    ModelLocator locator,
    DefaultTier tiers,
    ModelPuller puller,
    PullView pullView,
    IDiskSpace disk,
    DownloadOptions downloadOptions,
    CommandHint hint,
    ReplConsoles consoles)
{
    private IAnsiConsole Status => consoles.Status;

    /// <summary>Whether a chat without --profile or --model has nothing to start on.</summary>
    public bool NothingOnDisk() => !catalog.Profiles.Any(p => p.Remote is null && IsOnDisk(p));

    /// <summary>Offers and pulls the default tier. Returns the profile id and why it was chosen, or the exit code after saying why not.</summary>
    public async Task<(string? ProfileId, string? Reason, int Exit)> RunAsync(FirstChatConsent consent, TextReader input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consent);
        ArgumentNullException.ThrowIfNull(input);
        if (tiers.Choose() is not { } choice)
        {
            return Fail($"No profile is on disk and the catalog has none to download; start with {hint.For("chat", "--model", "FILE.gguf")}, or add a profile with a source to models.json.");
        }

        var profile = choice.Profile;
        var size = Size(choice);
        var folder = locator.ModelsDirectory;
        if (!consent.AssumeYes && !consent.CanAsk)
        {
            return Fail($"No model is on disk yet, and stdin is not a terminal, so nothing is downloaded without asking: run `{hint.For("chat", "--yes")}` "
                + $"to download {profile.Id} ({profile.DisplayName}, {size}), `{hint.For("pull", profile.Id)}`, or pass --model FILE.gguf.");
        }

        Status.MarkupLine($"No model is on disk yet. The tier for this machine is [bold]{Markup.Escape(profile.Id)}[/]: {Markup.Escape($"{profile.DisplayName}, {size} on disk.")}");
        if (choice.Plan is { } plan)
        {
            Status.MarkupLine($"[grey]  plan: {Markup.Escape(plan.Reason)}[/]");
        }

        Status.MarkupLine($"[grey]  why: {Markup.Escape(choice.Reason)}[/]");
        if (NotEnoughSpace(choice, folder) is { } noSpace)
        {
            return Fail(noSpace);
        }

        if (!consent.AssumeYes)
        {
            Status.Markup(Markup.Escape($"Download it into {folder}? [Y/n] "));
            var answer = (await input.ReadLineAsync(cancellationToken))?.Trim().ToLowerInvariant();
            if (answer is null)
            {
                Status.WriteLine();
            }

            if (answer is not ("" or "y" or "yes"))
            {
                return Fail($"Nothing was downloaded; `{hint.For("pull", profile.Id)}` downloads it later, `{hint.For("chat", "--profile", "ID")}` picks another tier after its pull, and --model FILE.gguf chats with a file you have.");
            }
        }

        var result = await pullView.ShowAsync(profile, progress => puller.PullAsync(profile, force: false, progress, cancellationToken));
        pullView.Report(profile, result);
        return (profile.Id, $"Chatting with {profile.Id}, {choice.Reason}", ExitCodes.Ok);
    }

    private (string?, string?, int) Fail(string sentence)
    {
        Status.MarkupLine($"[red]error:[/] {Markup.Escape(sentence)}");
        return (null, null, ExitCodes.UserError);
    }

    private bool IsOnDisk(ModelProfile profile)
    {
        try
        {
            return locator.IsOnDisk(profile);
        }
        catch (CatalogException)
        {
            return false;
        }
    }

    /// <summary>"770.3 MiB", or "about 4.4 GiB" when the size is its shape's estimate.</summary>
    private static string Size(TierChoice choice) => choice.SizeBytes is not { } bytes
        ? "size unknown"
        : choice.Profile.SizeBytes is null ? $"about {ByteSize.Format(bytes)}" : ByteSize.Format(bytes);

    /// <summary>Refuses before asking when the drive cannot hold the file (the downloader checks again with the server's size).</summary>
    private string? NotEnoughSpace(TierChoice choice, string folder)
    {
        if (choice.SizeBytes is not { } size)
        {
            return null;
        }

        var existing = folder;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        var needed = size + downloadOptions.FreeSpaceMargin;
        return disk.GetAvailableBytes(existing) is { } free && free < needed
            ? $"Not enough free disk space in {folder} for {choice.Profile.Id}: it needs {Size(choice)} plus a margin of {ByteSize.Format(downloadOptions.FreeSpaceMargin)}, "
                + $"but only {ByteSize.Format(free)} is free; free some space, or choose another folder with --models-dir."
            : null;
    }
}
