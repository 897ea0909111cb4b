namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>What <see cref="ReplicationGroupGrain"/> persists (<c>[PersistentState("hagroup")]</c>), written before each step it takes.</summary>
[GenerateSerializer]
[Alias("dyndb.ReplicationGroupGrainState")]
public sealed class ReplicationGroupGrainState
{
    /// <summary>The layout; null until the group is created.</summary>
    [Id(0)]
    public ClusterLayout? Layout { get; set; }

    /// <summary>
    /// The superuser's and the replication login's password, generated at creation, encrypted with Data Protection
    /// (<c>dyndb-protected:v1:…</c>); an earlier version's plaintext value is encrypted when the grain wakes.
    /// </summary>
    [Id(1)]
    public string Password { get; set; } = "";
}
