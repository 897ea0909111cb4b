using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>Checks every named <see cref="AdoNetGrainStorageOptions"/> at start-up; failures name the provider and the setting.</summary>
internal sealed class AdoNetGrainStorageOptionsValidator : IValidateOptions<AdoNetGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, AdoNetGrainStorageOptions options)
    {
        var failures = options.Validate();
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(failure => $"Grain storage '{name}': {failure}"));
    }
}
