using System.Text;
using System.Text.Json;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Client;

/// <summary>
/// /replay in chat --connect: the service plays the conversation (POST /api/replay) on its own profiles and memory,
/// and the report comes back for the same table. The service reports no progress while it plays.
/// </summary>
public sealed class RemoteReplay(HttpClient http) : IConversationReplay
{
    /// <summary>The service checks the profiles itself, and says which one it does not know.</summary>
    public void Check(IReadOnlyList<string> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.FirstOrDefault(ProfileResolver.LooksLikePath) is { } path)
        {
            throw new ReplayException($"A service replays catalog profiles only, not files: '{path}' is a path. /profiles lists the ids.");
        }
    }

    public async Task<ReplayResult> RunAsync(Conversation conversation, ReplayOptions options, IReplayProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(options);
        var body = $$"""{"profiles":{{JsonSerializer.Serialize(options.Profiles)}},"teacherForcing":{{(options.TeacherForcing ? "true" : "false")}},"conversation":{{ConversationFile.Serialize(conversation with { Sampling = new ConversationSampling { Temperature = options.Sampling.Temperature, Seed = options.Sampling.Seed, MaxTokens = options.Sampling.MaxTokens } })}}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync("api/replay", content, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ReplayException($"Cannot reach the service at {http.BaseAddress}: {ex.Message}", ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ReplayException(ServiceError.MessageOf(text) ?? $"The service answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            try
            {
                return JsonReport.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new ReplayException($"The service's replay report could not be read: {ex.Message}", ex);
            }
        }
    }
}
