namespace ModelScale.Profiles.Gguf;

/// <summary>How much of a model is stored as one ggml type: the number of tensors and their data bytes.</summary>
public sealed record GgufTypeShare(GgmlType Type, int TensorCount, long Bytes);
