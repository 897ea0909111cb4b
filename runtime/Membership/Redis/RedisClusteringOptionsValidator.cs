using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Hosting;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// Checks <see cref="RedisClusteringOptions"/> at start-up, and, while Redis clustering is chosen, that the cluster id
/// fits in a Redis key; failures name the setting.
/// </summary>
internal sealed class RedisClusteringOptionsValidator : IValidateOptions<RedisClusteringOptions>, IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisClusteringOptions options)
    {
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, ClusterOptions options) =>
        options.Mode == ClusteringMode.Redis && RedisKeys.ClusterIdProblem(options.ClusterId) is { } problem
            ? ValidateOptionsResult.Fail($"{ClusterOptions.SectionName}:{nameof(options.ClusterId)} {problem}")
            : ValidateOptionsResult.Success;
}
