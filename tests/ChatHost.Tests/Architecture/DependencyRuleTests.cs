using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Tests.Architecture;

/// <summary>
/// The allowed graph of ChatHost's namespaces (README, "Layout"), read from the compiled assemblies: each forbidden
/// arrow is a rule here, and a cycle among the top-level namespaces fails too. A failure names every offending use.
/// </summary>
public sealed class DependencyRuleTests
{
    private const string Root = "ModelScale.ChatHost";

    private static readonly Lazy<IReadOnlyList<TypeDependency>> ChatHost = new(() =>
        TypeDependencies.Of(typeof(IChatSession).Assembly.Location).Where(d => InChatHost(d.FromNamespace)).ToList());

    /// <summary>
    /// The engine's surface: the Engine types that Terminal and Api may use. Everything else in Engine (loading,
    /// scheduling, decoding, native libraries) is internal to it; both front ends speak to sessions, and sessions to
    /// IChatClient.
    /// </summary>
    private static readonly HashSet<string> EngineSurface = new(StringComparer.Ordinal)
    {
        // What an answer cost, and which template framed it.
        $"{Root}.Engine.AnswerStats",
        $"{Root}.Engine.TemplateSource",

        // The engine as a service: resident models (as plain ids and paths) and the answers under way.
        $"{Root}.Engine.IModelEngine",
        $"{Root}.Engine.ResidentModel",
        $"{Root}.Engine.ResidentModels",
        $"{Root}.Engine.GenerationMonitor",

        // How long a model stays loaded after a request (Ollama's keep_alive), asked through ChatOptions or a load.
        $"{Root}.Engine.ModelKeepAlive",

        // Planning: the plan of a profile, its check against llama.cpp's buffers, and its JSON.
        $"{Root}.Engine.ModelPlanner",
        $"{Root}.Engine.PlannedLoad",
        $"{Root}.Engine.ProfileHeaders",
        $"{Root}.Engine.PlanComparison",
        $"{Root}.Engine.PlanComparisonRow",
        $"{Root}.Engine.PlanReports",

        // Structured output: the API turns response_format into a grammar that the decoder runs.
        $"{Root}.Engine.Decoding.Grammar.GbnfGrammar",
        $"{Root}.Engine.Decoding.Grammar.JsonSchemaGrammar",
        $"{Root}.Engine.Decoding.Grammar.UnsupportedSchemaException",

        // Logprobs: the API asks for them in ChatOptions and reads what the decoder attached to each update.
        $"{Root}.Engine.ChatLogprobs",
        $"{Root}.Engine.Decoding.TokenLogprob",
        $"{Root}.Engine.Decoding.TokenAlternative",

        // Tool calling: the API checks a tool's schema with the engine's call grammar, and writes calls as the engine does.
        $"{Root}.Engine.Tools.ToolCallGrammar",
        $"{Root}.Engine.Tools.ToolJson",
        $"{Root}.Engine.Tools.FunctionCallDeltaContent",

        // The errors the engine throws, which the front ends map (until one ModelScaleException kind replaces them).
        $"{Root}.Engine.ContextLengthExceededException",
        $"{Root}.Engine.ModelBusyException",
        $"{Root}.Engine.ModelLoadException",
        $"{Root}.Engine.NativeLibraryException",
        $"{Root}.Engine.Remote.RemoteTierException",
    };

    [Fact]
    public void Contracts_DependOnNothingButTheBaseLibrary()
    {
        AssertNone(From("Contracts").Where(d => d.ToNamespace.StartsWith("ModelScale", StringComparison.Ordinal) && Top(d.ToNamespace) != "Contracts"
            || d.ToAssembly is "LLamaSharp" or "Spectre.Console" || d.ToNamespace.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Sessions")]
    [InlineData("Replay")]
    [InlineData("Terminal")]
    [InlineData("Service")]
    [InlineData("Engine")]
    [InlineData("Client")]
    [InlineData("Contracts")]
    [InlineData("Bench")]
    public void Namespace_NeverDependsOnApi(string area) => AssertNone(From(area).Where(d => Top(d.ToNamespace) == "Api"));

    [Theory]
    [InlineData("Sessions")]
    [InlineData("Replay")]
    [InlineData("Terminal")]
    [InlineData("Engine")]
    [InlineData("Api")]
    [InlineData("Contracts")]
    public void Namespace_NeverDependsOnTheServiceClients(string area) => AssertNone(From(area).Where(d => Top(d.ToNamespace) == "Client"));

    [Theory]
    [InlineData("Terminal")]
    [InlineData("Api")]
    [InlineData("Sessions")]
    [InlineData("Replay")]
    [InlineData("Client")]
    [InlineData("Contracts")]
    [InlineData("Service")]
    public void Namespace_UsesNoLlamaSharpType(string area) => AssertNone(From(area).Where(d => d.ToAssembly == "LLamaSharp"));

    [Theory]
    [InlineData("Terminal")]
    [InlineData("Api")]
    public void FrontEnd_UsesOnlyTheEngineSurface(string area) =>
        AssertNone(From(area).Where(d => Top(d.ToNamespace) == "Engine" && !EngineSurface.Contains(d.To)));

    /// <summary>The page's server side only serves its files: it talks to the service through the public HTTP API, in the browser.</summary>
    [Fact]
    public void Web_DependsOnNoOtherPartOfTheService() =>
        AssertNone(From("Web").Where(d => InChatHost(d.ToNamespace) && Top(d.ToNamespace) != "Web"));

    [Fact]
    public void Profiles_ReferencesNeitherChatHostNorLlamaSharp()
    {
        var profiles = TypeDependencies.Of(typeof(ModelProfile).Assembly.Location);
        AssertNone(profiles.Where(d => d.ToAssembly is "LLamaSharp" or "modelscale" || d.ToNamespace.StartsWith("LLama", StringComparison.Ordinal)
            || d.ToNamespace.StartsWith(Root, StringComparison.Ordinal)));
        var references = typeof(ModelProfile).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("LLamaSharp", references);
        Assert.DoesNotContain("modelscale", references);
    }

    [Fact]
    public void NoType_LivesInTheRootNamespace() =>
        Assert.Empty(ChatHost.Value.Where(d => d.FromNamespace == Root).Select(d => d.From).Distinct());

    [Fact]
    public void SessionStore_DoesNotDependOnSessions() =>
        AssertNone(ChatHost.Value.Where(d => d.FromNamespace == $"{Root}.Sessions.Store" && d.ToNamespace == $"{Root}.Sessions"));

    [Fact]
    public void OnlyTerminalAndCommands_UseSpectre() =>
        AssertNone(ChatHost.Value.Where(d => d.ToAssembly == "Spectre.Console" && Top(d.FromNamespace) is not ("Terminal" or "Commands")));

    [Fact]
    public void OnlyHosting_BuildsAHost() =>
        AssertNone(ChatHost.Value.Where(d => Top(d.FromNamespace) != "Hosting"
            && d.To is "Microsoft.Extensions.Hosting.Host" or "Microsoft.AspNetCore.Builder.WebApplication"
            && d.Member is { } member && member.StartsWith("Create", StringComparison.Ordinal)));

    [Fact]
    public void TopLevelNamespaces_FormNoCycle()
    {
        var edges = ChatHost.Value
            .Where(d => InChatHost(d.ToNamespace))
            .Select(d => (From: Top(d.FromNamespace), To: Top(d.ToNamespace), Use: d))
            .Where(e => e.From != e.To)
            .ToList();
        var cycles = NamespaceCycles.Find(edges.Select(e => (e.From, e.To)));
        var explained = cycles.Select(cycle => $"{string.Join(" <-> ", cycle)}:\n    " + string.Join("\n    ", edges
            .Where(e => cycle.Contains(e.From) && cycle.Contains(e.To))
            .GroupBy(e => (e.From, e.To))
            .Select(g => $"{g.Key.From} -> {g.Key.To}: {g.First().Use}{(g.Count() > 1 ? $" (and {g.Count() - 1} more)" : "")}")));
        Assert.True(cycles.Count == 0, "Namespaces that depend on each other:\n" + string.Join("\n", explained));
    }

    private static IEnumerable<TypeDependency> From(string area) => ChatHost.Value.Where(d => Top(d.FromNamespace) == area);

    private static bool InChatHost(string ns) => ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal);

    /// <summary>The top-level namespace under ModelScale.ChatHost ("Sessions" for Sessions.Store); "" for the root itself.</summary>
    private static string Top(string ns) =>
        !ns.StartsWith(Root + ".", StringComparison.Ordinal) ? (ns == Root ? "" : ns) : ns[(Root.Length + 1)..].Split('.')[0];

    private static void AssertNone(IEnumerable<TypeDependency> uses)
    {
        var list = uses.Select(u => u.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(list.Count == 0, $"{list.Count} forbidden uses:\n  " + string.Join("\n  ", list));
    }
}
