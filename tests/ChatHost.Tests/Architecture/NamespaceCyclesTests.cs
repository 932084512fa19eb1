namespace ModelScale.ChatHost.Tests.Architecture;

/// <summary>The cycle finder the dependency rules rely on finds cycles, and only cycles.</summary>
public sealed class NamespaceCyclesTests
{
    [Fact]
    public void Find_WhenTwoNamespacesUseEachOther_ReportsBoth() =>
        Assert.Equal(["Api", "Sessions"], Assert.Single(NamespaceCycles.Find([("Sessions", "Api"), ("Api", "Sessions"), ("Api", "Engine")])));

    [Fact]
    public void Find_WhenALongLoopClosesThroughSeveralNamespaces_ReportsTheWholeLoop() =>
        Assert.Equal(["A", "B", "C", "D"], Assert.Single(NamespaceCycles.Find([("A", "B"), ("B", "C"), ("C", "D"), ("D", "A"), ("D", "E")])));

    [Fact]
    public void Find_WhenTheGraphIsLayered_ReportsNothing() =>
        Assert.Empty(NamespaceCycles.Find([("Commands", "Api"), ("Api", "Sessions"), ("Commands", "Sessions"), ("Sessions", "Engine"), ("Api", "Engine"), ("Engine", "Engine")]));
}
