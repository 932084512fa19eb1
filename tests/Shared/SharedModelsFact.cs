namespace ModelScale.Tests.Shared;

/// <summary>
/// A fact that needs the real test models in ../shared/models (a trained tokenizer, a real chat template). It is
/// skipped, with one line naming the folder it looked in, when they are absent; it never passes without running.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SharedModelsFactAttribute : FactAttribute
{
    public SharedModelsFactAttribute()
    {
        if (TestModels.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>The theory form of <see cref="SharedModelsFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SharedModelsTheoryAttribute : TheoryAttribute
{
    public SharedModelsTheoryAttribute()
    {
        if (TestModels.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
