using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Sessions;

/// <summary>A profile as /profiles shows it: where its file is and whether it is there.</summary>
public sealed record ProfileListing(ModelProfile Profile, string? Path, bool OnDisk, bool Active, bool Resident);
