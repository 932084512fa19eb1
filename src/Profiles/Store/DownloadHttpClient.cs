using System.Net;
using System.Net.Http.Headers;

namespace ModelScale.Profiles.Store;

/// <summary>The HttpClient a pull uses: no overall timeout (model files take hours on a slow line), a connect timeout, redirects followed.</summary>
public static class DownloadHttpClient
{
    public static HttpClient Create()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,

            // Ranges and Content-Length count the bytes on the wire, so nothing may decompress them.
            AutomaticDecompression = DecompressionMethods.None,
        };

        var client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var version = typeof(DownloadHttpClient).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("modelscale", version));
        return client;
    }
}
