using ModelScale.Profiles.Synthetic;

namespace ModelScale.Tools.SynthGguf;

/// <summary>What to write: a validated command line.</summary>
/// <param name="Shape">The model shape.</param>
/// <param name="Scheme">Which type each tensor gets.</param>
/// <param name="HeaderOnly">True for a planning file without tensor data.</param>
/// <param name="TokenizerFrom">A GGUF whose tokenizer.* keys are copied, or null.</param>
/// <param name="OutputPath">Where the file goes.</param>
/// <param name="Seed">Seed of the random weights.</param>
internal sealed record SynthRequest(
    ModelShape Shape, QuantizationScheme Scheme, bool HeaderOnly, string? TokenizerFrom, string OutputPath, int Seed);
