using System.Globalization;

namespace ModelScale.Profiles.Gguf;

/// <summary>
/// Names for general.file_type, llama.cpp's llama_ftype: the quantization recipe a file was made with ("Q4_K_M"), as
/// opposed to the per-tensor types it ended up with. Retired numbers (4-6, 33-35) have no name.
/// </summary>
public static class LlamaFileType
{
    /// <summary>Set on top of a type that llama.cpp guessed instead of reading it from the file.</summary>
    public const long GuessedFlag = 1024;

    private static readonly Dictionary<long, string> Names = new()
    {
        [0] = "F32",
        [1] = "F16",
        [2] = "Q4_0",
        [3] = "Q4_1",
        [7] = "Q8_0",
        [8] = "Q5_0",
        [9] = "Q5_1",
        [10] = "Q2_K",
        [11] = "Q3_K_S",
        [12] = "Q3_K_M",
        [13] = "Q3_K_L",
        [14] = "Q4_K_S",
        [15] = "Q4_K_M",
        [16] = "Q5_K_S",
        [17] = "Q5_K_M",
        [18] = "Q6_K",
        [19] = "IQ2_XXS",
        [20] = "IQ2_XS",
        [21] = "Q2_K_S",
        [22] = "IQ3_XS",
        [23] = "IQ3_XXS",
        [24] = "IQ1_S",
        [25] = "IQ4_NL",
        [26] = "IQ3_S",
        [27] = "IQ3_M",
        [28] = "IQ2_S",
        [29] = "IQ2_M",
        [30] = "IQ4_XS",
        [31] = "IQ1_M",
        [32] = "BF16",
        [36] = "TQ1_0",
        [37] = "TQ2_0",
        [38] = "MXFP4_MOE",
        [39] = "NVFP4",
        [40] = "Q1_0",
    };

    /// <summary>"Q4_K_M" for 15, "Q4_K_M (guessed)" with the guessed flag, "file type 99" for a number it does not know.</summary>
    public static string Name(long fileType)
    {
        var guessed = fileType >= GuessedFlag && (fileType & GuessedFlag) != 0;
        var type = guessed ? fileType & ~GuessedFlag : fileType;
        var name = Names.TryGetValue(type, out var known)
            ? known
            : string.Create(CultureInfo.InvariantCulture, $"file type {type}");
        return guessed ? $"{name} (guessed)" : name;
    }
}
