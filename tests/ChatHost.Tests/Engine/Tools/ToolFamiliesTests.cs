using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Tests.Engine.Tools;

public sealed class ToolFamiliesTests
{
    [Theory]
    [InlineData("{%- if tools %}{{- '<|im_start|>system\\n' }}...<tool_call>\\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\\n</tool_call>{% endif %}", ToolFamily.Hermes)]
    [InlineData("{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' }}{%- if message.role == \"tool\" or message.role == \"ipython\" %}{{- \"<|start_header_id|>ipython<|end_header_id|>\\n\\n\" }}{% endif %}", ToolFamily.Llama3)]
    [InlineData("{%- if tools is not none and (message == user_messages[-1]) %}{{- \"[AVAILABLE_TOOLS] [\" }}{% endif %}{{- \"[TOOL_CALLS] [\" }}", ToolFamily.Mistral)]
    [InlineData("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}", ToolFamily.Generic)]
    [InlineData("{{ bos_token }}{% for message in messages %}<|start_header_id|>{{ message['role'] }}<|end_header_id|>{% endfor %}", ToolFamily.Generic)]
    [InlineData("", ToolFamily.Generic)]
    [InlineData(null, ToolFamily.Generic)]
    public void Detect_ReadsTheFamilyFromTheTemplatesMarkers(string? template, ToolFamily expected) =>
        Assert.Equal(expected, ToolFamilies.Detect(template));
}
