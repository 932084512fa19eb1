using ModelScale.ChatHost.Sessions.Store;

namespace ModelScale.ChatHost.Sessions;

/// <summary>Between a session's sampling and the store's form of it (the store knows nothing of sessions).</summary>
public static class StoredSamplings
{
    public static StoredSampling ToStored(this SamplingSettings sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        return new StoredSampling(sampling.Temperature, sampling.Seed, sampling.MaxTokens);
    }

    public static SamplingSettings ToSettings(this StoredSampling stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new SamplingSettings(stored.Temperature, stored.Seed, stored.MaxTokens);
    }

    public static NewStoredMessage ToStored(this SessionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new NewStoredMessage(message.Role.Value, message.Text, message.ProfileId, message.Stats, message.Incomplete);
    }
}
