using System.CommandLine;
using ModelScale.ChatHost.Hosting;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Gguf;

namespace ModelScale.ChatHost.Commands;

/// <summary>`modelscale inspect PATH|ID`: a GGUF model's shape, size and quantization, read from its header.</summary>
internal static class InspectCommand
{
    public static Command Create(CommonOptions common)
    {
        var model = ModelArgument.Create();
        var json = new Option<bool>("--json") { Description = "Print a JSON document instead of a table." };
        var command = new Command("inspect", "Show a GGUF model's architecture, size, shape and quantization mix (reads the header only).")
        {
            model, json,
        };

        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Read(result);
            return CommandRunner.RunAsync(settings.Verbose, () =>
            {
                using var host = ModelScaleHost.Build(settings, _ => { });
                var path = ModelArgument.ResolvePath(host.Services, result.GetValue(model) ?? "");
                var summary = GgufSummary.From(ReadHeader(path));

                var console = StandardConsoles.Out();
                if (result.GetValue(json))
                {
                    OutputJson.Write(console, OutputJson.Serialize(GgufSummaryJson.From(summary)));
                }
                else
                {
                    GgufSummaryView.Render(console, summary);
                }

                return Task.FromResult(ExitCodes.Ok);
            });
        });

        return command;
    }

    private static GgufFile ReadHeader(string path)
    {
        try
        {
            return GgufReader.Read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GgufFormatException($"'{path}' could not be read: {ex.Message}", ex);
        }
    }
}
