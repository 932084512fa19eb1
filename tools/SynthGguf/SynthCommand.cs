using System.CommandLine;
using ModelScale.Profiles.Synthetic;

namespace ModelScale.Tools.SynthGguf;

/// <summary>
/// <c>synth-gguf --shape ID [--scheme ID] [--header-only] [--tokenizer-from PATH] [--seed N] --out FILE</c>: writes a
/// GGUF model of a real tier's shape, header-only for planning or with random quantized weights for benchmarks.
/// </summary>
internal static class SynthCommand
{
    public static RootCommand Create()
    {
        var shapeIds = string.Join(", ", SynthShapes.Ids);
        var schemeIds = string.Join(", ", QuantizationScheme.All.Select(s => s.Id));

        var shape = new Option<string>("--shape")
        {
            Description = $"The model shape: {shapeIds}.",
            Required = true,
        };
        var scheme = new Option<string?>("--scheme")
        {
            Description = $"Tensor types: {schemeIds} (default: q4_k_m with --header-only, else q4_0).",
        };
        var headerOnly = new Option<bool>("--header-only")
        {
            Description = "Write the metadata and tensor table only: a tiny planning file that llama.cpp will not load.",
        };
        var tokenizerFrom = new Option<string?>("--tokenizer-from")
        {
            Description = "Copy the tokenizer.* keys of this GGUF (its vocabulary must be the shape's); without it a model with weights gets ModelScale's own byte-level vocabulary, and a header-only file none.",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the random weights; the same seed writes the same file.",
            DefaultValueFactory = _ => SyntheticGgufWriter.DefaultSeed,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "The GGUF file to write (replaced if it exists).",
            Required = true,
        };

        shape.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (!SynthShapes.TryGet(value, out _))
            {
                r.AddError($"Unknown shape '{value}'; use one of: {shapeIds}.");
            }
        });
        scheme.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string?>();
            if (value is not null && !QuantizationScheme.TryGet(value, out _))
            {
                r.AddError($"Unknown scheme '{value}'; use one of: {schemeIds}.");
            }
        });
        output.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>()))
            {
                r.AddError("--out needs a file name.");
            }
        });

        var command = new RootCommand("Writes GGUF models with the shapes of real tiers: header-only for planning, or random quantized weights that llama.cpp runs.")
        {
            shape, scheme, headerOnly, tokenizerFrom, seed, output,
        };
        command.SetAction(result =>
        {
            SynthShapes.TryGet(result.GetValue(shape), out var modelShape);
            var isHeaderOnly = result.GetValue(headerOnly);
            var schemeId = result.GetValue(scheme) ?? (isHeaderOnly ? QuantizationScheme.Q4_K_M.Id : QuantizationScheme.AllQ4_0.Id);
            QuantizationScheme.TryGet(schemeId, out var quantization);
            var request = new SynthRequest(
                modelShape!, quantization!, isHeaderOnly, result.GetValue(tokenizerFrom), result.GetValue(output)!, result.GetValue(seed));
            return SynthRunner.Run(request, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
        });
        return command;
    }
}
