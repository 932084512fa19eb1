using System.Reflection;

namespace ModelScale.ChatHost.Hosting;

/// <summary>What `modelscale --version` prints: this build's version and commit, and the llama.cpp build it runs on.</summary>
public static class ProgramVersion
{
    /// <summary>The LLamaSharp release this build binds; the llama.cpp build below is the one that release was made from.</summary>
    public const string LlamaSharpVersion = "0.30.0";

    /// <summary>llama.cpp's release tag for LLamaSharp 0.30.0's native libraries.</summary>
    public const string LlamaCppBuild = "b10221";

    /// <summary>llama.cpp's commit for that build.</summary>
    public const string LlamaCppCommit = "815a2a59";

    /// <summary>"modelscale 0.1.0 (commit 1a2b3c4d5e6f)\nllama.cpp b10221 (commit 815a2a59), through LLamaSharp 0.30.0".</summary>
    public static string Text()
    {
        var (version, commit) = Parse(typeof(ProgramVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
        return $"modelscale {version} (commit {commit}){Environment.NewLine}llama.cpp {LlamaCppBuild} (commit {LlamaCppCommit}), through LLamaSharp {LlamaSharpVersion}";
    }

    /// <summary>Splits "0.1.0+abcdef..." into the version and a 12-character commit ("unknown" when the build had no git).</summary>
    public static (string Version, string Commit) Parse(string? informational)
    {
        if (string.IsNullOrWhiteSpace(informational))
        {
            return ("unknown", "unknown");
        }

        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return (informational, "unknown");
        }

        var commit = informational[(plus + 1)..];
        return (informational[..plus], commit.Length > 12 ? commit[..12] : commit);
    }
}
