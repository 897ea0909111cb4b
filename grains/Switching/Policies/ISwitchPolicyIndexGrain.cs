namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>The names of the policies that are set (one grain, key <see cref="Key"/>), for listing them.</summary>
[Alias("dyndb.ISwitchPolicyIndexGrain")]
public interface ISwitchPolicyIndexGrain : IGrainWithStringKey
{
    /// <summary>The one index grain's key.</summary>
    public const string Key = "all";

    /// <summary>Adds or removes a name.</summary>
    Task SetAsync(string name, bool present, CancellationToken cancellationToken = default);

    /// <summary>The names, ordered.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);
}
