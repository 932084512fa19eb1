namespace ModelScale.ChatHost.Engine;

/// <summary>A model the engine holds, as a front end may see it: its id and its file, nothing of the loaded state.</summary>
public sealed record ResidentModel(string Id, string Path);

/// <summary>The engine's resident models, for front ends (the API's /health and /api/profiles) that must not touch <see cref="LoadedModel"/>.</summary>
public static class ResidentModels
{
    public static IReadOnlyList<ResidentModel> Of(IModelEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return [.. engine.Resident.Select(m => new ResidentModel(m.Id, m.Request.Path))];
    }
}
