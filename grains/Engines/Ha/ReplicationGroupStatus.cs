namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>A replication group as observed now.</summary>
/// <param name="Name">The group's name.</param>
/// <param name="Epoch">Goes up by one with every promotion.</param>
/// <param name="Primary">The member that takes writes.</param>
/// <param name="SynchronousStandbyNames">The primary's <c>synchronous_standby_names</c> as the group sets it.</param>
/// <param name="Members">Every member, primary first.</param>
/// <param name="Pending">The operation under way (or interrupted), as a sentence; null when the group is at rest.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.ReplicationGroupStatus")]
public sealed record ReplicationGroupStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] long Epoch,
    [property: Id(2)] string Primary,
    [property: Id(3)] string SynchronousStandbyNames,
    [property: Id(4)] IReadOnlyList<MemberStatus> Members,
    [property: Id(5)] string? Pending)
{
    /// <summary>The member named <paramref name="name"/>.</summary>
    public MemberStatus this[string name] => Members.First(m => m.Name == name);
}
