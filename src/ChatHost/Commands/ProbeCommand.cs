using System.CommandLine;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Loading;
using ModelScale.ChatHost.Terminal;
using Spectre.Console;
using ModelScale.Profiles.Gguf;

namespace ModelScale.ChatHost.Commands;

/// <summary>
/// `modelscale probe FILE`: loads a GGUF once on the CPU and decodes one prompt. The long-running verbs run it as a
/// child process before they first load a file, so that a file that kills llama.cpp kills only the child; run by
/// hand, it says whether a file is safe to load.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create(CommonOptions common)
    {
        var file = new Argument<string>("file") { Description = "The GGUF file to load once.", HelpName = "FILE" };
        var command = new Command("probe", "Load a GGUF file once in this process and decode one prompt (what serve, chat and replay run in a child process before a first load).")
        {
            file,
        };

        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Read(result);
            return CommandRunner.RunAsync(settings.Verbose, () =>
            {
                // No header check here: the parent has made it, and the probe exists for what a reader cannot know.
                var path = result.GetValue(file) ?? "";
                Profiles.Files.InputFile.Ensure(path, "GGUF model", sentence => new ModelLoadException(sentence));
                NativeLibraryFolder.Use(settings.NativeDirectory);
                ModelProbeRun.Run(Path.GetFullPath(path), Console.Error);
                StandardConsoles.Out().WriteLine($"'{GgufText.Printable(Path.GetFileName(path))}' loads and decodes.");
                return Task.FromResult(ExitCodes.Ok);
            });
        });

        return command;
    }
}
