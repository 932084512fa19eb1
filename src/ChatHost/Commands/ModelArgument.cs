using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Commands;

/// <summary>The PATH|ID argument of verbs that look at one model file (inspect, plan).</summary>
internal static class ModelArgument
{
    public static Argument<string> Create() => new("model")
    {
        Description = "A GGUF file, or the id of a catalog profile whose file is on disk.",
        HelpName = "PATH|ID",
    };

    /// <summary>
    /// The model's file on disk: a path as given, or a profile id through the catalog (read only for an id, so a
    /// broken per-user catalog does not stop a look at a file).
    /// </summary>
    /// <exception cref="CatalogException">An unknown id, or a file that is not on disk (the message says where it looked).</exception>
    public static string ResolvePath(IServiceProvider services, string idOrPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(idOrPath);
        var profile = ProfileResolver.LooksLikePath(idOrPath)
            ? ModelProfile.FromFile(idOrPath)
            : ProfileResolver.Resolve(services.GetRequiredService<ProfileCatalog>(), idOrPath);
        return services.GetRequiredService<ModelLocator>().EnsureOnDisk(profile);
    }
}
