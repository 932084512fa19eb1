using ModelScale.Profiles.Synthetic;

namespace ModelScale.Profiles.Tests.Synthetic;

/// <summary>
/// A catalog tier with the facts published for the real model: the parameter count on its model card (rounded to the
/// thousandth of a billion) and the size of the Q4_K_M file the catalog downloads (rounded to the hundredth of a GB).
/// </summary>
internal sealed record RealTier(string Id, ModelShape Shape, int TensorCount, double BillionParameters, double Q4KMGigabytes)
{
    public static RealTier[] All { get; } =
    [
        // bartowski/Llama-3.2-1B-Instruct-GGUF, Llama-3.2-1B-Instruct-Q4_K_M.gguf
        new("1b", ModelShapes.Llama32_1B, 147, 1.236, 0.81),

        // bartowski/Qwen2.5-7B-Instruct-GGUF, Qwen2.5-7B-Instruct-Q4_K_M.gguf
        new("7b", ModelShapes.Qwen25_7B, 339, 7.616, 4.68),

        // TheBloke/Llama-2-13B-chat-GGUF, llama-2-13b-chat.Q4_K_M.gguf
        new("13b", ModelShapes.Llama2_13B, 363, 13.016, 7.87),

        // bartowski/Llama-3.3-70B-Instruct-GGUF, Llama-3.3-70B-Instruct-Q4_K_M.gguf
        new("70b", ModelShapes.Llama33_70B, 724, 70.554, 42.52),
    ];

    public static TheoryData<string> Ids { get; } = new(All.Select(t => t.Id));

    public static RealTier Get(string id) => All.Single(t => t.Id == id);
}
