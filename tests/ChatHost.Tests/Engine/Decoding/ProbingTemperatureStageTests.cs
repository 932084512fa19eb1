using ModelScale.ChatHost.Engine.Decoding;

namespace ModelScale.ChatHost.Tests.Engine.Decoding;

/// <summary>
/// Which temperature stage the logprobs pipeline describes: the plain one (or llama.cpp's stand-in for a temperature of
/// 1), whose division by the set temperature the description repeats; not dynamic temperature, whose divisor changes
/// from step to step, so the chosen logit after the pick would not match the log-sum taken before it.
/// </summary>
public sealed class ProbingTemperatureStageTests
{
    [Theory]
    [InlineData("temp", true)]
    [InlineData("?temp", true)]
    [InlineData("temp-ext", false)]
    [InlineData("dist", false)]
    public void OnlyThePlainTemperatureStage_IsDescribed(string stage, bool described) =>
        Assert.Equal(described, ProbingSamplingPipeline.IsTemperature(stage));
}
