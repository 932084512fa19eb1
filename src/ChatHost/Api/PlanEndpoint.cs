using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// GET /api/plan/{profile}: the memory plan (the JSON of `modelscale plan --json`) for a catalog profile on this
/// server; a tier not downloaded yet is planned from its built-in shape. Only catalog ids, never a path.
/// </summary>
public static class PlanEndpoint
{
    public static IResult Handle(string profile, ProfileCatalog catalog, ModelLocator locator, ModelPlanner planner)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(planner);
        var found = catalog.Get(profile);
        var (path, gguf, _) = ProfileHeaders.Read(found, locator);
        var context = ProfileHeaders.DefaultContext(found, gguf);
        var plan = planner.Plan(gguf, context).Plan;
        return Results.Json(PlanReports.ToJson(path, plan, null), NativeJson.Options);
    }
}
