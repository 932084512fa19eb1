using Microsoft.Extensions.Hosting;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// Builds a host with the engine configured as <paramref name="configure"/> says. The bench verb passes the common host
/// building of every verb, so the bench measures the engine exactly as chat and serve load it.
/// </summary>
public delegate IHost EngineHostFactory(Action<EngineOptions> configure);
