using ModelScale.ChatHost.Bench;

namespace ModelScale.ChatHost.Replay;

/// <summary>The memory bandwidth a replay predicts decode speeds from; null when it was never measured.</summary>
public interface IBandwidthSource
{
    MemoryBandwidth? Read();
}
