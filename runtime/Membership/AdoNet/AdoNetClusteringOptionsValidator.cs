using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>Checks <see cref="AdoNetClusteringOptions"/> at start-up; failures name the setting.</summary>
internal sealed class AdoNetClusteringOptionsValidator : IValidateOptions<AdoNetClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, AdoNetClusteringOptions options)
    {
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
