namespace ModelScale.ChatHost.Contracts;

/// <summary>GET /health: the resident models' ids, the answers being generated and the requests waiting.</summary>
public sealed record Health(string Status, IReadOnlyList<string> Resident, int Generating, int Waiting);
