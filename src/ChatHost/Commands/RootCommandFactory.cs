using System.CommandLine;

namespace ModelScale.ChatHost.Commands;

/// <summary>The modelscale command line: one verb per capability.</summary>
internal static class RootCommandFactory
{
    public static RootCommand Create()
    {
        var common = new CommonOptions();
        var root = new RootCommand("ModelScale: run open models of every size locally and see what size buys you.");
        common.AddTo(root);
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction();
        }

        root.Subcommands.Add(BenchCommand.Create(common));
        root.Subcommands.Add(ChatCommand.Create(common));
        root.Subcommands.Add(GpusCommand.Create(common));
        root.Subcommands.Add(InspectCommand.Create(common));
        root.Subcommands.Add(PlanCommand.Create(common));
        root.Subcommands.Add(ProbeCommand.Create(common));
        root.Subcommands.Add(PullCommand.Create(common));
        root.Subcommands.Add(ReplayCommand.Create(common));
        root.Subcommands.Add(AdviseCommand.Create(common));
        root.Subcommands.Add(ServeCommand.Create(common));
        root.Subcommands.Add(ServiceCommand.Create(common));
        return root;
    }
}
