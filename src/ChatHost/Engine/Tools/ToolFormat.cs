using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// One family's way of showing tools to a model and reading its calls back: the prompt (tools, assistant turns with
/// calls, tool results), the parser of an answer, and the grammar of a required call. One class per family.
/// </summary>
public abstract class ToolFormat
{
    public abstract ToolFamily Family { get; }

    public static ToolFormat For(ToolFamily family) => family switch
    {
        ToolFamily.Hermes => new HermesToolFormat(),
        ToolFamily.Llama3 => new Llama3ToolFormat(),
        ToolFamily.Mistral => new MistralToolFormat(),
        _ => new GenericToolFormat(),
    };

    /// <summary>
    /// The prompt for a history that offers <paramref name="tools"/> (null: none offered, but the history may hold
    /// calls and results), ending where the assistant's answer begins. <paramref name="plain"/> renders plain text
    /// messages with the model's own template, for the formats that only add to what the template writes.
    /// </summary>
    public abstract string Render(IReadOnlyList<ChatMessage> messages, ToolRequest? tools, Func<IReadOnlyList<ChatMessage>, string> plain);

    /// <summary>A parser for one answer.</summary>
    public abstract ToolCallParser CreateParser();

    /// <summary>The grammar of an answer that must be a call.</summary>
    /// <exception cref="UnsupportedSchemaException">A tool's parameters cannot be expressed as a grammar.</exception>
    public abstract GbnfGrammar Grammar(ToolRequest request);

    /// <summary>Whether a history needs this format to render (it holds calls or results).</summary>
    public static bool HasToolTurns(IEnumerable<ChatMessage> messages) =>
        messages.Any(m => m.Role == ChatRole.Tool || m.Contents.Any(c => c is FunctionCallContent or FunctionResultContent));

    protected static IReadOnlyList<FunctionCallContent> CallsOf(ChatMessage message) => message.Contents.OfType<FunctionCallContent>().ToList();

    protected static IReadOnlyList<FunctionResultContent> ResultsOf(ChatMessage message) => message.Contents.OfType<FunctionResultContent>().ToList();

    protected static bool IsResult(ChatMessage message) => message.Role == ChatRole.Tool || message.Contents.Any(c => c is FunctionResultContent);

    /// <summary>The name of the function a result answers, from the call with its id earlier in the history.</summary>
    protected static string? NameOf(IReadOnlyList<ChatMessage> messages, string callId) =>
        messages.SelectMany(m => m.Contents.OfType<FunctionCallContent>()).LastOrDefault(c => c.CallId == callId)?.Name;
}
