using System.CommandLine;
using System.CommandLine.Invocation;
using ModelScale.ChatHost.Hosting;

namespace ModelScale.ChatHost.Commands;

/// <summary>`modelscale --version`: the version, the commit it was built from, and the llama.cpp build.</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(ProgramVersion.Text());
        return ExitCodes.Ok;
    }
}
