namespace ModelScale.Profiles.Gguf;

/// <summary>
/// The architecture's numbers against llama.cpp's asserts in load_hparams and the graph builders: the layer count,
/// the expert counts and their tensors, the norm epsilons, and a llama model's head sizes.
/// </summary>
internal static class GgufHyperparameterCheck
{
    public static void Check(GgufFile file, string arch)
    {
        var blocks = file.GetInt64($"{arch}.block_count");
        if (blocks is <= 0 or > LlamaCppLimits.MaxLayers)
        {
            throw new GgufFormatException(
                $"'{file.FileName}' declares {arch}.block_count = {blocks:N0}, but llama.cpp loads 1 to {LlamaCppLimits.MaxLayers} layers.");
        }

        CheckExperts(file, arch);
        CheckEpsilon(file, $"{arch}.attention.layer_norm_rms_epsilon");
        CheckEpsilon(file, $"{arch}.attention.layer_norm_epsilon");
        if (arch == "llama")
        {
            CheckLlamaHeads(file, arch);
        }
    }

    private static void CheckExperts(GgufFile file, string arch)
    {
        var expertsKey = $"{arch}.expert_count";
        var usedKey = $"{arch}.expert_used_count";
        var experts = file.GetInt64(expertsKey) ?? 0;
        var used = file.GetInt64(usedKey) ?? 0;
        if (experts is < 0 or > LlamaCppLimits.MaxExperts)
        {
            throw new GgufFormatException(
                $"'{file.FileName}' declares {expertsKey} = {experts:N0}, but llama.cpp allows 0 to {LlamaCppLimits.MaxExperts} experts.");
        }

        if (used < 0 || used > experts || (experts > 0 && used == 0))
        {
            throw new GgufFormatException(experts == 0
                ? $"'{file.FileName}' declares {usedKey} = {used:N0} for a model without experts ({expertsKey} is 0 or absent); llama.cpp requires 0."
                : $"'{file.FileName}' declares {usedKey} = {used:N0}, but with {experts:N0} experts llama.cpp needs 1 to {experts:N0}.");
        }

        if (experts > 0 && !file.Tensors.Any(t => t.Name.Contains("_exps.", StringComparison.Ordinal) || t.Name.Contains(".ffn_gate_inp.", StringComparison.Ordinal)))
        {
            throw new GgufFormatException(
                $"'{file.FileName}' declares {expertsKey} = {experts:N0}, but holds no expert tensors (blk.N.ffn_gate_inp, blk.N.ffn_*_exps).");
        }
    }

    private static void CheckEpsilon(GgufFile file, string key)
    {
        if (file.GetDouble(key) is { } epsilon && !(epsilon >= 0 && double.IsFinite(epsilon)))
        {
            throw new GgufFormatException(
                $"'{file.FileName}' declares {key} = {epsilon}, but a norm's epsilon must be a finite number of 0 or more (llama.cpp asserts on it).");
        }
    }

    /// <summary>llama's graph asserts that keys, values and the rotated part of a head are equally wide.</summary>
    private static void CheckLlamaHeads(GgufFile file, string arch)
    {
        if (file is not { EmbeddingLength: { } embedding, HeadCount: > 0 and var heads })
        {
            return;
        }

        var keyKey = $"{arch}.attention.key_length";
        var keyLength = file.GetInt64(keyKey);
        if (keyLength is null && embedding % heads != 0)
        {
            throw new GgufFormatException(
                $"'{file.FileName}' declares {arch}.embedding_length = {embedding:N0}, which does not divide into {heads:N0} heads ({arch}.attention.head_count).");
        }

        var key = keyLength ?? embedding / heads;
        var valueKey = $"{arch}.attention.value_length";
        var value = file.GetInt64(valueKey) ?? embedding / heads;
        var rotKey = $"{arch}.rope.dimension_count";
        var rot = file.GetInt64(rotKey) ?? key;
        if (value != key || rot != value)
        {
            throw new GgufFormatException(
                $"'{file.FileName}' declares heads {key:N0} wide for keys ({keyKey}), {value:N0} for values ({valueKey}) and {rot:N0} rotated ({rotKey}); llama.cpp asserts that a llama model's are equal.");
        }
    }
}
