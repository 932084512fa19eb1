using ModelScale.Profiles.Store;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ModelScale.ChatHost.Terminal;

/// <summary>A progress column with the bytes, rate and ETA of the <see cref="DownloadProgress"/> kept in the task's Tag.</summary>
internal sealed class DownloadStatsColumn : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        => task.Tag is DownloadProgress progress ? new Text(PullRenderer.Compact(progress), new Style(Color.Grey)) : Text.Empty;
}
