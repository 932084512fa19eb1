using System.CommandLine;
using ModelScale.ChatHost.Replay.Quality;

namespace ModelScale.ChatHost.Commands;

/// <summary>--judge and --margin, shared by replay and advise.</summary>
internal static class JudgeOptions
{
    public static Option<string?> Judge() => new("--judge")
    {
        Description = "Profile that scores every answer 1-10 (default: a remote tier in the catalog, else the largest tier that completed; none turns it off).",
        HelpName = "PROFILE|none",
    };

    public static Option<double> Margin()
    {
        var margin = new Option<double>("--margin")
        {
            Description = $"Points below the best mean score a smaller tier may be and still be recommended (default {TierVerdict.DefaultMargin}).",
            DefaultValueFactory = _ => TierVerdict.DefaultMargin,
            HelpName = "POINTS",
        };
        OptionRules.Points(margin, 9);
        return margin;
    }
}
