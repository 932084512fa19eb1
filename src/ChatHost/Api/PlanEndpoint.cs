using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Synthetic;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// GET /api/plan/{profile}: the memory plan (the JSON of `modelscale plan --json`) for a catalog profile on this
/// server; a tier not downloaded yet is planned from its built-in shape. Only catalog ids, never a path.
/// </summary>
public static class PlanEndpoint
{
    public static Task<IResult> HandleAsync(HttpContext http, string profile, ProfileCatalog catalog, ModelLocator locator, ModelPlanner planner) =>
        ApiHandler.RunAsync(http, () =>
        {
            var found = catalog.Get(profile);
            string path;
            GgufFile gguf;
            if (!locator.IsOnDisk(found) && ModelShapes.TryGet(found.Shape, out var shape))
            {
                var scheme = QuantizationScheme.TryGet(found.Quantization, out var declared) ? declared : QuantizationScheme.Q4_K_M;
                path = $"not on disk; planned from the built-in {found.Shape} shape at {scheme.Id.ToUpperInvariant()}";
                gguf = new SyntheticGgufWriter(shape, scheme).ReadHeader($"{found.Id} ({shape.Name} shape)");
            }
            else
            {
                path = locator.EnsureOnDisk(found);
                gguf = GgufReader.Read(path);
            }

            var context = gguf.ContextLength is > 0 and var trained ? Math.Min(trained, found.ContextLength) : found.ContextLength;
            var plan = planner.Plan(gguf, context).Plan;
            return Task.FromResult(Results.Json(PlanJson.From(path, plan, null), NativeJson.Options));
        });
}
