using ModelScale.ChatHost.Engine;
using System.CommandLine;
using ModelScale.ChatHost.Hosting;

namespace ModelScale.ChatHost.Commands;

/// <summary>Options every verb accepts (recursive on the root command).</summary>
internal sealed class CommonOptions
{
    public Option<string?> Catalog { get; } = new("--catalog")
    {
        Description = "An extra catalog file, layered over the built-in and per-user models.json.",
        Recursive = true,
    };

    public Option<string?> ModelsDirectory { get; } = new("--models-dir")
    {
        Description = "Folder that holds model files (default: the per-user data folder; env MODELSCALE_MODELS_DIR).",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show llama.cpp's log and stack traces with errors.",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Catalog);
        command.Options.Add(ModelsDirectory);
        command.Options.Add(Verbose);
    }

    public CommonSettings Read(ParseResult result) => new()
    {
        Catalog = result.GetValue(Catalog),
        ModelsDirectory = result.GetValue(ModelsDirectory),
        Verbose = result.GetValue(Verbose),
        NativeDirectory = Environment.GetEnvironmentVariable(NativeLibraryFolder.Variable),
    };
}
