using System.Net;
using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;
using ModelScale.Tests.Shared.Hostile;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>
/// Issue 18, finding 1: one request for a model whose file kills llama.cpp took the whole service down. Now the probe
/// child dies instead, that profile answers with the reason, and the service goes on serving every other profile.
/// </summary>
public sealed class ProbeServeTests
{
    [SharedModelsFact]
    public async Task AProfileWhoseFileAbortsLlamaCpp_IsAJsonErrorWithTheReason_AndTheOtherProfilesStillAnswer()
    {
        var folder = Directory.CreateTempSubdirectory("modelscale-probe-serve-").FullName;
        try
        {
            // stories260K with expert groups on a dense model: past the header check, fatal in load_hparams.
            var bad = Path.Combine(folder, $"groups-{Guid.NewGuid():N}.gguf");
            HostileGguf.Write(TestModels.Stories260K, new HostileCase("groups", "expert groups on a dense model", m => m.Metadata["llama.expert_group_count"] = GgufValue.FromUInt32(2), ""), bad);
            GgufInferenceCheck.EnsureRunnable(GgufReader.Read(bad));
            await using var serve = await ServeInstance.StartAsync(
                extraProfiles: $$"""{ "id": "groups", "displayName": "Groups", "path": {{System.Text.Json.JsonSerializer.Serialize(bad)}}, "contextLength": 256 }""");
            using var http = serve.CreateHttpClient();

            for (var attempt = 0; attempt < 2; attempt++)
            {
                var refused = await ApiAssert.PostAsync(http, "/v1/chat/completions", """{ "model": "groups", "messages": [ { "role": "user", "content": "Hi" } ], "max_tokens": 4 }""");
                var error = await ApiAssert.ErrorAsync(refused, HttpStatusCode.InternalServerError, code: "model_load_failed");
                var message = error.GetProperty("message").GetString()!;
                Assert.Contains("(SIGABRT", message, StringComparison.Ordinal);
                Assert.Contains("GGML_ASSERT(hparams.n_expert_groups == 0) failed", message, StringComparison.Ordinal);

                var answered = await ApiAssert.PostAsync(http, "/v1/chat/completions", """{ "model": "stories", "messages": [ { "role": "user", "content": "Once upon a time" } ], "max_tokens": 4 }""");
                Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
