namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>The tool-calling conventions a model was trained on, as the engine renders and parses them.</summary>
public enum ToolFamily
{
    /// <summary>No native format: the schemas go into the system prompt and a call is a JSON object <c>{"tool_calls": [...]}</c>.</summary>
    Generic,

    /// <summary>Hermes 2/3 and Qwen2.5: <c>&lt;tools&gt;</c> in the system turn, <c>&lt;tool_call&gt;{json}&lt;/tool_call&gt;</c>, results in <c>&lt;tool_response&gt;</c>.</summary>
    Hermes,

    /// <summary>Llama 3.1 to 3.3: the schemas in the first user turn, a call is <c>{"name": ..., "parameters": ...}</c>, results in the ipython role.</summary>
    Llama3,

    /// <summary>Mistral (v0.3, Nemo): <c>[AVAILABLE_TOOLS]</c>, <c>[TOOL_CALLS][...]</c> and <c>[TOOL_RESULTS]</c>.</summary>
    Mistral,
}
