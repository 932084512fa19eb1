using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Hosting;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Tests.Hosting;

/// <summary>A bad option value fails when the host starts, with one sentence of kind BadInput, not at first use.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<Action<EngineOptions>, string> BadEngineOptions() => new()
    {
        { o => o.BatchSize = 0, "The batch size must be at least 1 token." },
        { o => o.Threads = 0, "The number of threads must be at least 1." },
        { o => o.ContextLength = 8, "The context length must be at least 16 tokens." },
        { o => o.Parallel = 65, "The number of sequences decoded together must be from 1 to 64, or 0 for automatic." },
        { o => o.MaxResident = 0, "At least one model must be allowed to stay loaded." },
        { o => o.QueueLength = -1, "The queue length cannot be negative." },
        { o => o.MarginBytes = -1, "The memory kept free on each GPU cannot be negative." },
        { o => o.MaxGpuLayers = -1, "The number of GPU layers cannot be negative." },
        { o => o.KeepAlive = TimeSpan.FromSeconds(-1), "How long an unused model stays loaded cannot be negative." },
    };

    [Theory]
    [MemberData(nameof(BadEngineOptions))]
    public void ABadEngineOption_FailsWhenTheHostIsBuilt_WithOneSentence(Action<EngineOptions> bad, string sentence)
    {
        var ex = Assert.Throws<ModelScaleException>(() => ModelScaleHost.Build(new CommonSettings(), services => services.AddModelScaleEngine(bad)));

        Assert.Equal(ErrorKind.BadInput, ex.Kind);
        Assert.Equal(sentence, ex.Message);
    }

    [Fact]
    public void TwoBadEngineOptions_AreBothSaid()
    {
        var ex = Assert.Throws<ModelScaleException>(() => ModelScaleHost.Build(new CommonSettings(), services => services.AddModelScaleEngine(o =>
        {
            o.BatchSize = 0;
            o.QueueLength = -1;
        })));

        Assert.Contains("The batch size must be at least 1 token.", ex.Message);
        Assert.Contains("The queue length cannot be negative.", ex.Message);
    }

    [Fact]
    public void GoodEngineOptions_Build_WithTheValuesGiven()
    {
        using var host = ModelScaleHost.Build(new CommonSettings(), services => services.AddModelScaleEngine(o =>
        {
            o.Parallel = EngineOptions.AutoParallel;
            o.ContextLength = EngineOptions.MinimumContextLength;
        }));

        var options = host.Services.GetRequiredService<IOptions<EngineOptions>>().Value;
        Assert.Equal(EngineOptions.AutoParallel, options.Parallel);
        Assert.Equal(EngineOptions.DefaultBatchSize, options.BatchSize);
        Assert.Equal(EngineOptions.DefaultQueueLength, options.QueueLength);
    }

    [Theory]
    [InlineData(0, 1L << 20, "The max_tokens limit must be at least 1.")]
    [InlineData(4096, 0L, "The largest request body must be at least 1 byte.")]
    public void ABadServeOption_FailsBeforeTheServiceListens(int maxTokensLimit, long maxBody, string sentence)
    {
        var serve = new ServeOptions { Urls = "http://127.0.0.1:0", MaxTokensLimit = maxTokensLimit, MaxRequestBodyBytes = maxBody };

        var ex = Assert.Throws<ModelScaleException>(() => ModelScaleServer.Build(serve, new CommonSettings()));

        Assert.Equal(ErrorKind.BadInput, ex.Kind);
        Assert.Equal(sentence, ex.Message);
    }

    [Fact]
    public void ABadEngineOptionForTheService_FailsWhenItIsBuilt()
    {
        var serve = new ServeOptions { Urls = "http://127.0.0.1:0" };

        var ex = Assert.Throws<ModelScaleException>(() => ModelScaleServer.Build(serve, new CommonSettings(), o => o.MaxResident = 0));

        Assert.Equal("At least one model must be allowed to stay loaded.", ex.Message);
    }
}
