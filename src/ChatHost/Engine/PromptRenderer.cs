using LLama;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Turns a chat history into the prompt text a model expects, with the model's own chat template
/// (llama.cpp's llama_chat_apply_template through <see cref="LLamaTemplate"/>), a profile's override, or ChatML
/// when the model ships no template.
/// </summary>
public sealed class PromptRenderer
{
    private const string ChatTemplateKey = "tokenizer.chat_template";

    private readonly LLamaWeights _weights;
    private readonly string? _override;

    public PromptRenderer(LLamaWeights weights, string? templateOverride)
    {
        _weights = weights;
        _override = string.IsNullOrWhiteSpace(templateOverride) ? null : templateOverride;
        Source = _override is not null
            ? TemplateSource.ProfileOverride
            : weights.Metadata.ContainsKey(ChatTemplateKey) ? TemplateSource.Model : TemplateSource.ChatMLFallback;
        var template = _override ?? (weights.Metadata.TryGetValue(ChatTemplateKey, out var own) ? own : null);
        Tools = ToolFormat.For(ToolFamilies.Detect(template));
    }

    /// <summary>How this model is shown tools and how its calls are read, recognised from its chat template.</summary>
    public ToolFormat Tools { get; }

    public TemplateSource Source { get; }

    /// <summary>Text stops that end an answer whatever the vocabulary: needed when the template's markers are not special tokens.</summary>
    public IReadOnlyList<string> StopSequences => Source == TemplateSource.ChatMLFallback ? ["<|im_end|>", "<|im_start|>"] : [];

    /// <summary>
    /// The prompt of a history that may offer tools or hold tool calls and results: in the model's tool format when it
    /// does, else exactly what <see cref="Render(IEnumerable{ChatMessage}, bool)"/> writes.
    /// </summary>
    public string Render(IReadOnlyList<ChatMessage> messages, ToolRequest? tools)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return tools is null && !ToolFormat.HasToolTurns(messages) ? Render(messages) : Tools.Render(messages, tools, plain => Render(plain));
    }

    public string Render(IEnumerable<ChatMessage> messages, bool addAssistantPrefix = true)
    {
        var template = _override is not null ? new LLamaTemplate(_override) : new LLamaTemplate(_weights, strict: false);
        template.AddAssistant = addAssistantPrefix;
        foreach (var message in messages)
        {
            template.Add(RoleName(message.Role), message.Text);
        }

        return LLamaTemplate.Encoding.GetString(template.Apply());
    }

    private static string RoleName(ChatRole role)
    {
        if (role == ChatRole.System)
        {
            return "system";
        }

        if (role == ChatRole.Assistant)
        {
            return "assistant";
        }

        return role == ChatRole.User ? "user" : role.Value;
    }
}

public enum TemplateSource
{
    /// <summary>The GGUF's tokenizer.chat_template.</summary>
    Model,

    /// <summary>The catalog profile's chatTemplate field.</summary>
    ProfileOverride,

    /// <summary>The model has no template; ChatML framing is used.</summary>
    ChatMLFallback,

    /// <summary>A remote tier: the engine serving it applies its own template.</summary>
    Remote,
}
