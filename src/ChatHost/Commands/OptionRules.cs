using System.CommandLine.Parsing;

namespace ModelScale.ChatHost.Commands;

/// <summary>The checks verbs share for their numeric options, each one sentence naming the option.</summary>
internal static class OptionRules
{
    /// <summary>"--threads must be a positive number."</summary>
    public static void Positive(OptionResult result)
    {
        if (result.GetValueOrDefault<int?>() is <= 0)
        {
            result.AddError($"{result.Option.Name} must be a positive number.");
        }
    }

    /// <summary>"--ctx must be at least 16 tokens." (<paramref name="unit"/> is " tokens" there, empty elsewhere).</summary>
    public static void AtLeast(OptionResult result, int minimum, string unit = "")
    {
        if (result.GetValueOrDefault<int?>() is { } value && value < minimum)
        {
            result.AddError($"{result.Option.Name} must be at least {minimum}{unit}.");
        }
    }

    /// <summary>"--temperature must be between 0 and 2.", as the API says it.</summary>
    public static void Temperature(OptionResult result)
    {
        if (result.GetValueOrDefault<float?>() is < 0 or > 2)
        {
            result.AddError($"{result.Option.Name} must be between 0 and 2.");
        }
    }
}
