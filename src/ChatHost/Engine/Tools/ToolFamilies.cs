namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Recognises a model's tool format from its chat template (tokenizer.chat_template or a profile's override), by the
/// markers only that family's template writes, the way llama.cpp's common/chat does: a template is more telling than a
/// model name, and an override can fix a model whose own template is wrong.
/// </summary>
public static class ToolFamilies
{
    public static ToolFamily Detect(string? template)
    {
        if (string.IsNullOrEmpty(template))
        {
            return ToolFamily.Generic;
        }

        if (template.Contains("<tool_call>", StringComparison.Ordinal))
        {
            return ToolFamily.Hermes;
        }

        if (template.Contains("[TOOL_CALLS]", StringComparison.Ordinal) || template.Contains("[AVAILABLE_TOOLS]", StringComparison.Ordinal))
        {
            return ToolFamily.Mistral;
        }

        if (template.Contains("<|start_header_id|>", StringComparison.Ordinal) && template.Contains("ipython", StringComparison.Ordinal))
        {
            return ToolFamily.Llama3;
        }

        return ToolFamily.Generic;
    }
}
