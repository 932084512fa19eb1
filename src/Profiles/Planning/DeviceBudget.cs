namespace ModelScale.Profiles.Planning;

/// <summary>A GPU as the planner sees it: a name and the bytes free on it now.</summary>
public sealed record DeviceBudget(string Name, long FreeBytes);
