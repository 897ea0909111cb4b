using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>Checks that another silo answers (a ping over the silo-to-silo transport).</summary>
public interface ISiloProber
{
    /// <summary>True when <paramref name="silo"/> answered within <paramref name="timeout"/>.</summary>
    Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken cancellationToken);
}
