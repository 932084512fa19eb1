using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Api;

/// <summary>GET /health: up, with the resident models and the requests waiting (no key needed, nothing private).</summary>
public static class HealthEndpoint
{
    public static IResult Handle(IModelEngine engine, GenerationMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(monitor);
        return Results.Json(new Health("ok", [.. ResidentModels.Of(engine).Select(m => m.Id)], monitor.Active, engine.Waiting), OpenAiJson.Options);
    }
}
