using System.Text.RegularExpressions;

namespace ModelScale.Profiles.Gguf;

/// <summary>
/// Checks, from the header alone, whether llama.cpp could run chat on a GGUF model, and refuses every file the
/// checks know would make llama.cpp abort the process (an assert, a division by zero, an uncaught exception) instead
/// of failing the load. A model that passes can still meet native code no reader knows; the engine's probe (a child
/// process that loads the file once) catches those.
/// </summary>
public static partial class GgufInferenceCheck
{
    /// <summary>
    /// Throws <see cref="GgufFormatException"/> with one sentence when the model cannot run: it has no tensors
    /// (vocab only), no general.architecture, a tensor offset that is not aligned, tensor data that runs past the end
    /// of the file (truncated), or metadata or tensors llama.cpp asserts on (see <see cref="LlamaCppLimits"/>).
    /// </summary>
    public static void EnsureRunnable(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Tensors.Count == 0)
        {
            throw new GgufFormatException(
                $"'{file.FileName}' has no weights (a vocab-only file); it can be used for its tokenizer, not for chat.");
        }

        if (string.IsNullOrWhiteSpace(file.Architecture))
        {
            throw new GgufFormatException(
                $"'{file.FileName}' has no general.architecture, so llama.cpp cannot tell which model it holds.");
        }

        foreach (var tensor in file.Tensors)
        {
            var split = file.Splits[tensor.SplitIndex];
            if (tensor.Offset % split.Alignment != 0)
            {
                throw new GgufFormatException(
                    $"'{Path.GetFileName(split.Path)}' is corrupt: tensor '{GgufText.Quote(tensor.Name)}' starts at data offset {tensor.Offset:N0}, which is not a multiple of the file's alignment of {split.Alignment}.");
            }
        }

        for (var i = 0; i < file.Splits.Count; i++)
        {
            var split = file.Splits[i];
            GgufTensorInfo? last = null;
            long end = split.DataOffset;
            foreach (var tensor in file.Tensors)
            {
                if (tensor.SplitIndex != i)
                {
                    continue;
                }

                var tensorEnd = split.DataOffset + tensor.Offset + tensor.ByteSize;
                if (tensorEnd > end)
                {
                    end = tensorEnd;
                    last = tensor;
                }
            }

            if (last is not null && split.FileSize <= split.DataOffset)
            {
                throw new GgufFormatException(
                    $"'{Path.GetFileName(split.Path)}' holds only a header (metadata and tensor table, no weights): a planning file, or a download cut short; it can be planned and inspected, not loaded.");
            }

            if (last is not null && end > split.FileSize)
            {
                throw new GgufFormatException(
                    $"'{Path.GetFileName(split.Path)}' is truncated: its tensor data (up to tensor '{GgufText.Quote(last.Name)}') needs {end:N0} bytes but the file has only {split.FileSize:N0}, so {end - split.FileSize:N0} bytes are missing; download it again.");
            }
        }

        var arch = file.Architecture!;
        if (!ArchitectureName().IsMatch(arch))
        {
            throw new GgufFormatException(
                $"'{file.FileName}' names its architecture '{GgufText.Quote(arch)}' (general.architecture), which is not an architecture name.");
        }

        GgufHyperparameterCheck.Check(file, arch);
        var vocabularySize = GgufVocabularyCheck.Check(file, arch);
        GgufTensorCheck.Check(file, vocabularySize);
        if (file.ChatTemplate is { Length: > LlamaCppLimits.MaxChatTemplateLength } template)
        {
            throw new GgufFormatException(
                $"'{file.FileName}' has a tokenizer.chat_template of {template.Length:N0} characters, more than the {LlamaCppLimits.MaxChatTemplateLength:N0} a chat template may have.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex ArchitectureName();
}
