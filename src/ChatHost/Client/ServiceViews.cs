using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Client;

/// <summary>What the native API's wire views (<see cref="Contracts"/>) say, as the in-process types a session shows.</summary>
internal static class ServiceViews
{
    public static AnswerStats ToStats(StatsView view) => new()
    {
        ProfileId = view.Profile,
        PromptTokens = view.PromptTokens,
        CachedPromptTokens = view.CachedPromptTokens,
        CompletionTokens = view.CompletionTokens,
        TimeToFirstToken = TimeSpan.FromMilliseconds(view.TimeToFirstTokenMs),
        Total = TimeSpan.FromMilliseconds(view.TotalMs),
        PrefillTokensPerSecond = view.PrefillTokensPerSecond,
        DecodeTokensPerSecond = view.DecodeTokensPerSecond,
        FinishReason = view.FinishReason,
        TrimmedMessages = view.TrimmedMessages,
    };

    public static ModelProfile ToProfile(ProfileView view) => new()
    {
        Id = view.Id,
        DisplayName = view.DisplayName,
        Family = view.Family,
        Parameters = view.Parameters,
        Quantization = view.Quantization,
        ContextLength = view.ContextLength,
    };

    /// <summary>The template source the service named; an unknown name (a newer service) reads as the model's own.</summary>
    public static TemplateSource ToTemplate(string name) =>
        Enum.TryParse<TemplateSource>(name, ignoreCase: true, out var source) ? source : TemplateSource.Model;
}
