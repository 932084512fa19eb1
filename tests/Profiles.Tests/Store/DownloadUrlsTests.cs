using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;
using ModelScale.Profiles.Tests.Catalog;

namespace ModelScale.Profiles.Tests.Store;

public sealed class DownloadUrlsTests
{
    private static readonly Uri Mirror = new("http://mirror.local/hf/");

    [Fact]
    public void For_HuggingFaceRepoAndFile_MapsToResolveMainOnTheEndpoint()
    {
        var source = new ModelSource("owner/repo", "sub/model.gguf", null);

        Assert.Equal(new Uri("https://huggingface.co/owner/repo/resolve/main/sub/model.gguf"), DownloadUrls.For(source, DownloadUrls.DefaultHuggingFaceEndpoint));
        Assert.Equal(new Uri("http://mirror.local/hf/owner/repo/resolve/main/sub/model.gguf"), DownloadUrls.For(source, Mirror));
    }

    [Fact]
    public void For_ACatalogSpellingOutTheCanonicalHuggingFaceUrl_StillFollowsTheEndpoint()
    {
        var source = new ModelSource("owner/repo", "model.gguf", new Uri("https://huggingface.co/owner/repo/resolve/main/model.gguf"));

        Assert.Equal(new Uri("http://mirror.local/hf/owner/repo/resolve/main/model.gguf"), DownloadUrls.For(source, Mirror));
    }

    [Fact]
    public void For_ADirectUrl_IsUsedAsGiven()
    {
        var direct = new Uri("https://example.org/files/model.gguf?download=1");

        Assert.Equal(direct, DownloadUrls.For(new ModelSource(null, "model.gguf", direct), Mirror));
        Assert.Equal(direct, DownloadUrls.For(new ModelSource("owner/repo", "model.gguf", direct), Mirror));
    }

    [Fact]
    public void For_NoRepoAndNoUrl_IsNull()
    {
        Assert.Null(DownloadUrls.For(new ModelSource(null, "model.gguf", null), Mirror));
        Assert.Null(DownloadUrls.For(null, Mirror));
    }

    [Fact]
    public void HuggingFaceEndpoint_ComesFromTheEnvironment_OrDefaultsToHuggingFace()
    {
        var env = new FakePlatformEnvironment();
        Assert.Equal(new Uri("https://huggingface.co"), DownloadUrls.HuggingFaceEndpoint(env));

        env.Variables[DownloadUrls.HuggingFaceEndpointVariable] = "http://127.0.0.1:8080";
        Assert.Equal(new Uri("http://127.0.0.1:8080"), DownloadUrls.HuggingFaceEndpoint(env));
    }

    [Fact]
    public void HuggingFaceEndpoint_ThatIsNotAnHttpUrl_IsAClearError()
    {
        var env = new FakePlatformEnvironment();
        env.Variables[DownloadUrls.HuggingFaceEndpointVariable] = "ftp://mirror";

        var error = Assert.Throws<PullException>(() => DownloadUrls.HuggingFaceEndpoint(env));

        Assert.Equal("MODELSCALE_HF_ENDPOINT must be an http or https URL such as https://huggingface.co/, but it is 'ftp://mirror'.", error.Message);
    }
}
