using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;
using ModelScale.Profiles.Tests.Catalog;
using ModelScale.Tests.Shared;

namespace ModelScale.Profiles.Tests.Store;

/// <summary>A fixture server with a 300 KiB file, an empty models folder, a fake clock and a disk the test sizes.</summary>
internal sealed class PullFixture : IAsyncDisposable
{
    public const string FileName = "model.gguf";

    /// <summary>Reports on every chunk, and gives a silent server five seconds (a test that wants it to give up sets less).</summary>
    public static readonly DownloadOptions Options = new()
    {
        ProgressInterval = TimeSpan.Zero,
        StallTimeout = TimeSpan.FromSeconds(5),
        FreeSpaceMargin = 4096,
    };

    public PullFixture()
    {
        Url = Server.Serve("files/" + FileName, Content);
    }

    public FixtureHttpServer Server { get; } = new();

    public TempDirectory Models { get; } = new();

    public FakeDiskSpace Disk { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public HttpClient Http { get; } = DownloadHttpClient.Create();

    public byte[] Content { get; } = TestGgufBytes.Create(300 * 1024);

    public Uri Url { get; }

    public string Sha256 => Hex(Content);

    public string TargetPath => Path.Combine(Models.Path, FileName);

    public string PartialPath => TargetPath + ".partial";

    public ModelPuller Puller() => Puller(Server.BaseUrl, Options);

    public ModelPuller Puller(Uri huggingFaceEndpoint) => Puller(huggingFaceEndpoint, Options);

    public ModelPuller Puller(DownloadOptions options) => Puller(Server.BaseUrl, options);

    private ModelPuller Puller(Uri huggingFaceEndpoint, DownloadOptions options)
        => new(new ModelDownloader(Http, Disk, Time, options), new ModelLocator(Models.Path), Time, huggingFaceEndpoint, options);

    public ModelProfile Profile(string? sha256 = null, long? sizeBytes = null, Uri? url = null) => new()
    {
        Id = "tiny",
        DisplayName = "Tiny test model",
        Source = new ModelSource(null, FileName, url ?? Url),
        Sha256 = sha256,
        SizeBytes = sizeBytes,
    };

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Models.Dispose();
    }
}

/// <summary>A drive whose free space the test sets; null means unknown, as on a drive DriveInfo cannot read.</summary>
internal sealed class FakeDiskSpace : IDiskSpace
{
    public long? Available { get; set; } = long.MaxValue;

    public List<string> Asked { get; } = [];

    public long? GetAvailableBytes(string directory)
    {
        Asked.Add(directory);
        return Available;
    }
}

/// <summary>An IProgress that runs its callback on the reporting thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
