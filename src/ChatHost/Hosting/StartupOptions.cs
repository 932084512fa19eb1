using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Hosting;

/// <summary>
/// Checks options when a host starts, so that a bad value is one sentence at once (a <see cref="ModelScaleException"/>
/// of kind <see cref="ErrorKind.BadInput"/>, which each front end maps like any other) instead of a failure at first use.
/// </summary>
public static class StartupOptions
{
    /// <summary>Runs every check registered with ValidateOnStart.</summary>
    public static void Validate(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException ex)
        {
            throw new ModelScaleException(ErrorKind.BadInput, Sentence(ex.Failures), ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            throw new ModelScaleException(ErrorKind.BadInput, Sentence(ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)), ex);
        }
    }

    /// <summary>Checks options that are used before their host exists.</summary>
    public static void Validate<TOptions>(IValidateOptions<TOptions> validator, TOptions options)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(validator);
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new ModelScaleException(ErrorKind.BadInput, Sentence(result.Failures ?? [result.FailureMessage]));
        }
    }

    /// <summary>The validators' failures are sentences already: one after the other, each once.</summary>
    private static string Sentence(IEnumerable<string> failures) => string.Join(" ", failures.Distinct(StringComparer.Ordinal));
}
