using System.Text.Json;
using ModelScale.ChatHost.Sessions.Store;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// The memory bandwidth `bench` measured, kept as bandwidth.json in the bench cache folder (<see cref="BenchCacheFolder"/>).
/// A file that is missing, unreadable, or from another CPU reads as unknown: a prediction then says so instead of guessing.
/// </summary>
public sealed class BandwidthCache(string folder)
{
    public string Path => System.IO.Path.Combine(folder, MemoryBandwidth.FileName);

    /// <summary>The cached bandwidth when it is there and was measured on this CPU (<paramref name="cpu"/>); null otherwise.</summary>
    public MemoryBandwidth? Read(string cpu)
    {
        try
        {
            if (!File.Exists(Path))
            {
                return null;
            }

            var cached = JsonSerializer.Deserialize(File.ReadAllText(Path), BenchJsonContext.Default.MemoryBandwidth);
            return cached is not null && cached.HostReadBytesPerSecond > 0 && string.Equals(cached.Cpu, cpu, StringComparison.Ordinal) ? cached : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Write(MemoryBandwidth bandwidth)
    {
        ArgumentNullException.ThrowIfNull(bandwidth);
        PrivateFiles.CreateFolder(folder);
        PrivateFiles.WriteAllText(Path, JsonSerializer.Serialize(bandwidth, BenchJsonContext.Default.MemoryBandwidth));
    }
}
