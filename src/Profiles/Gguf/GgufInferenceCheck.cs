namespace ModelScale.Profiles.Gguf;

/// <summary>Checks, from the header alone, whether llama.cpp could run chat on a GGUF model.</summary>
public static class GgufInferenceCheck
{
    /// <summary>
    /// Throws <see cref="GgufFormatException"/> with one sentence when the model cannot run: it has no tensors
    /// (vocab only), no general.architecture, a tensor offset that is not aligned, or tensor data that runs past
    /// the end of the file (truncated).
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
                    $"'{Path.GetFileName(split.Path)}' is corrupt: tensor '{tensor.Name}' starts at data offset {tensor.Offset:N0}, which is not a multiple of the file's alignment of {split.Alignment}.");
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
                    $"'{Path.GetFileName(split.Path)}' is truncated: its tensor data (up to tensor '{last.Name}') needs {end:N0} bytes but the file has only {split.FileSize:N0}, so {end - split.FileSize:N0} bytes are missing; download it again.");
            }
        }
    }
}
