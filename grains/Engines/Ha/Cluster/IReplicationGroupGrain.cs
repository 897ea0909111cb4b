using Orleans.Concurrency;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>
/// The one decider of a <c>postgres-ha</c> group spread over the silos of a cluster. Key: the engine id. It owns the
/// layout (members, their silos, the primary, the epoch, the operation under way, the generated password), persisted in
/// the silo's grain storage before each step; it places the members (one per silo while there are silos without one),
/// watches the cluster's membership, fences the members of dead silos and rebuilds them on silos that have none. The
/// engine's <see cref="IEngineGrain"/> decides failovers and asks for them here (through the silo's
/// <see cref="ClusterReplicationGroup"/>).
/// </summary>
[Alias("dyndb.IReplicationGroupGrain")]
public interface IReplicationGroupGrain : IGrainWithStringKey
{
    /// <summary>
    /// A silo with the engine started (or restarted): the group is created once enough silos joined, and the silo's own
    /// members are started again (the folders of members the layout fenced or moved elsewhere are set aside).
    /// </summary>
    [AlwaysInterleave]
    [Alias("Join")]
    Task JoinAsync(string silo, int replicas);

    /// <summary>The layout and the password, or null before the group is created; answered also while an operation runs.</summary>
    [AlwaysInterleave]
    [Alias("GetView")]
    Task<ClusterView?> GetViewAsync();

    /// <summary>Every member as observed now (with the silo that runs it); answered also while an operation runs.</summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:01:00")]
    [Alias("GetStatus")]
    Task<ReplicationGroupStatus> GetStatusAsync();

    /// <summary>
    /// Fences the primary and promotes <paramref name="target"/> (null: among the standbys whose WAL reaches furthest, one
    /// not in <paramref name="unhealthy"/>).
    /// </summary>
    [ResponseTimeout("00:03:00")]
    [Alias("Promote")]
    Task<ClusterView> PromoteAsync(string? target, string[] unhealthy);

    /// <summary>Rebuilds a fenced (or broken) member as a fresh standby, on a silo without a member when its own is gone; answers how.</summary>
    [ResponseTimeout("00:05:00")]
    [Alias("Rebuild")]
    Task<string> RebuildAsync(string member);
}

/// <summary>What a silo needs to route statements to a group spread over silos.</summary>
/// <param name="Layout">The layout now.</param>
/// <param name="Password">The superuser's password.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.ClusterView")]
public sealed record ClusterView([property: Id(0)] ClusterLayout Layout, [property: Id(1)] string Password);
