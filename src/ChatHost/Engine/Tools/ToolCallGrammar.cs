using System.Text.Json.Nodes;
using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// The grammar that makes an answer one call of the tools offered (tool_choice required, or a named function): a call
/// object {"name": one of the names, "&lt;arguments&gt;": that tool's parameters} built as one JSON Schema (an anyOf
/// of the tools) through <see cref="JsonSchemaGrammar"/>, then framed by the family's markers. So even a random-weight
/// model writes a call whose arguments validate against its tool's schema.
/// </summary>
public static class ToolCallGrammar
{
    /// <exception cref="UnsupportedSchemaException">A tool's parameters use something the grammar cannot express.</exception>
    public static GbnfGrammar Build(ToolRequest request, string argumentsKey, string prefix, string suffix)
    {
        ArgumentNullException.ThrowIfNull(request);
        var branches = new JsonArray();
        foreach (var tool in request.Callable)
        {
            branches.Add(new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["name"] = new JsonObject { ["const"] = tool.Name },
                    [argumentsKey] = JsonNode.Parse(ToolJson.Parameters(tool).GetRawText()),
                },
                ["required"] = new JsonArray("name", argumentsKey),
                ["additionalProperties"] = false,
            });
        }

        var schema = branches.Count == 1 ? branches[0]!.DeepClone() : new JsonObject { ["anyOf"] = branches };
        using var document = System.Text.Json.JsonDocument.Parse(schema.ToJsonString());
        var call = JsonSchemaGrammar.FromSchema(document.RootElement);

        // The schema's root rule becomes the call; nothing else refers to "root" (a "#" reference gets its own rule).
        const string Root = "root ::= ";
        var body = call.Text.StartsWith(Root, StringComparison.Ordinal) ? call.Text[Root.Length..] : throw new InvalidOperationException("The schema grammar has no root rule.");
        // A call is read by a program, never by a person: no pretty-printing, so a weak model cannot pad it with whitespace.
        body = body.Replace(JsonSchemaGrammar.Whitespace, CompactWhitespace, StringComparison.Ordinal);
        var text = $"root ::= {Literal(prefix)}tool-call{Literal(suffix)}\ntool-call ::= {body}";
        return new GbnfGrammar(text);
    }

    /// <summary>A checked tool schema: throws when the grammar cannot express it (the API calls this to answer 400 early).</summary>
    public static void Check(System.Text.Json.JsonElement parameters) => _ = JsonSchemaGrammar.FromSchema(parameters);

    /// <summary>The whitespace a call uses instead of the JSON grammar's: none or one space.</summary>
    private const string CompactWhitespace = "ws ::= | \" \"";

    private static string Literal(string text) => text.Length == 0 ? string.Empty : " " + GbnfText.Literal(text) + " ";
}
