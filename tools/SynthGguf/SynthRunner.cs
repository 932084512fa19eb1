using System.Globalization;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Synthetic;
using ModelScale.Profiles.Units;

namespace ModelScale.Tools.SynthGguf;

/// <summary>Writes the file a <see cref="SynthRequest"/> asks for and says what it holds.</summary>
internal static class SynthRunner
{
    /// <summary>Writes the file; a bad input becomes one sentence on <paramref name="error"/> and exit code 1.</summary>
    public static int Run(SynthRequest request, TextWriter output, TextWriter error)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(request.OutputPath))!;
            if (!Directory.Exists(folder))
            {
                error.WriteLine($"error: the folder '{folder}' does not exist; create it first.");
                return ExitCodes.UserError;
            }

            // A model with weights needs a vocabulary to load: a donor's when one is given, else our own byte-level one.
            var tokenizer = request.TokenizerFrom is not null ? TokenizerDonor.Read(request.TokenizerFrom)
                : request.HeaderOnly ? null
                : ByteLevelVocabulary.Create(request.Shape.VocabSize);
            var writer = new SyntheticGgufWriter(request.Shape, request.Scheme, tokenizer) { Seed = request.Seed };

            if (request.HeaderOnly)
            {
                writer.WriteHeaderOnly(request.OutputPath);
            }
            else
            {
                writer.Write(request.OutputPath);
            }

            Describe(GgufReader.Read(request.OutputPath), request, output);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is SyntheticModelException or GgufFormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.UserError;
        }
    }

    private static void Describe(GgufFile file, SynthRequest request, TextWriter output)
    {
        var kind = request.HeaderOnly ? "header only" : $"random weights, seed {request.Seed}";
        var types = file.Tensors
            .GroupBy(t => t.Type)
            .OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {file.Path}: {request.Shape.Name}, {request.Scheme.Id}, {kind}"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {file.Tensors.Count} tensors, {file.ParameterCount:N0} parameters, tensor data {file.TensorDataBytes:N0} bytes ({ByteSize.Format(file.TensorDataBytes)}), file {file.FileSize:N0} bytes"));
        output.WriteLine($"  types: {string.Join(", ", types)}");
    }
}
