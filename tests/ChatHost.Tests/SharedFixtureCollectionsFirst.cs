using ModelScale.ChatHost.Tests;
using ModelScale.ChatHost.Tests.Api;
using ModelScale.ChatHost.Tests.Web;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("ModelScale.ChatHost.Tests.SharedFixtureCollectionsFirst", "ModelScale.ChatHost.Tests")]

namespace ModelScale.ChatHost.Tests;

/// <summary>
/// Starts the two collections that share one fixture (the browser and its server, and the shared server) before the
/// rest. Their classes run one after another, so they are the longest chains of the run (about 16 s and 13 s on two
/// cores); started last, as xunit's default order happened to do, the whole run waited on the browser alone for its
/// last 11 seconds. Every other collection keeps xunit's order.
/// </summary>
public sealed class SharedFixtureCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] First = [BrowserCollection.Name, ServeCollection.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        ArgumentNullException.ThrowIfNull(testCollections);
        var all = testCollections.ToList();
        var first = First.SelectMany(name => all.Where(c => c.DisplayName == name)).ToList();
        return first.Concat(all.Except(first));
    }
}
