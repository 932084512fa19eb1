namespace ModelScale.Tests.Shared;

/// <summary>
/// Finds the shared test models: first through MODELSCALE_TEST_MODELS, then ../shared/models beside the
/// repository root (the folder that holds ModelScale.sln). Models are data and are never copied into the repo.
/// </summary>
internal static class TestModels
{
    public const string EnvironmentVariable = "MODELSCALE_TEST_MODELS";

    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Directory => Root.Value;

    public static string Stories260K => Path.Combine(Directory, "stories260K.gguf");

    public static string TinyRandom => Path.Combine(Directory, "llama-2-tiny-random.gguf");

    public static string VocabPhi3 => Path.Combine(Directory, "ggml-vocab-phi-3.gguf");

    public static string GgufV1 => Path.Combine(Directory, "invalid", "stories260K-gguf-v1.gguf");

    /// <summary>Null when the shared models are there; otherwise the one line a skipped test shows.</summary>
    public static string? MissingReason
    {
        get
        {
            try
            {
                return File.Exists(Stories260K) && File.Exists(TinyRandom) && File.Exists(VocabPhi3)
                    ? null
                    : $"needs the shared test models, not found in {Directory}";
            }
            catch (InvalidOperationException e)
            {
                return "needs the shared test models: " + e.Message;
            }
        }
    }

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var shared = Path.GetFullPath(Path.Combine(RepoRoot.Directory, "..", "shared", "models"));
        return System.IO.Directory.Exists(shared)
            ? shared
            : throw new InvalidOperationException(
                $"Test models not found: set {EnvironmentVariable} or put them in ../shared/models beside the repository ({shared}).");
    }
}
