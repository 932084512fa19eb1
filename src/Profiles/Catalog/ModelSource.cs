namespace ModelScale.Profiles.Catalog;

/// <summary>Where a profile's GGUF file comes from.</summary>
/// <param name="HuggingFaceRepo">The Hugging Face repository, "owner/name".</param>
/// <param name="File">The file name inside the repository; also the file name inside the models folder.</param>
/// <param name="Url">The download URL; derived from the repository and file when not declared.</param>
public sealed record ModelSource(string? HuggingFaceRepo, string? File, Uri? Url);
