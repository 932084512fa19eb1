namespace ModelScale.ChatHost.Engine;

/// <summary>llama.cpp's devices, or why they could not be listed.</summary>
/// <param name="Devices">Every device, the CPU included, in llama.cpp's order.</param>
/// <param name="Failure">Null when the list was read; otherwise the reason, as a clause ("... was not found").</param>
public sealed record LlamaDeviceList(IReadOnlyList<LlamaDevice> Devices, string? Failure);
