namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>A group spread over silos as its grain records it: members and their silos, the primary, the epoch, the operation under way.</summary>
/// <param name="Name">The group's name (the engine id).</param>
/// <param name="Epoch">1 after creation, one more with every promotion.</param>
/// <param name="Primary">The member that takes writes.</param>
/// <param name="Members">Every member, in creation order.</param>
/// <param name="Operation">The operation under way (<see cref="PendingOperation.Create"/>, <see cref="PendingOperation.Promote"/>, <see cref="PendingOperation.Rebuild"/>); null at rest.</param>
/// <param name="Pending">The operation under way as a sentence for an operator; null at rest.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.ClusterLayout")]
public sealed record ClusterLayout(
    [property: Id(0)] string Name,
    [property: Id(1)] long Epoch,
    [property: Id(2)] string Primary,
    [property: Id(3)] IReadOnlyList<PlacedMember> Members,
    [property: Id(4)] string? Operation,
    [property: Id(5)] string? Pending)
{
    /// <summary>True while the group is created or a promotion is under way: statements are not routed then.</summary>
    public bool Promoting() => Operation is PendingOperation.Create or PendingOperation.Promote;

    /// <summary>The member named <paramref name="name"/>.</summary>
    public PlacedMember this[string name] => Members.FirstOrDefault(m => m.Name == name)
        ?? throw new KeyNotFoundException($"The group '{Name}' has no member '{name}'.");

    /// <summary>Members that are standbys now (a method, not a property: grain storage serializes properties).</summary>
    public IReadOnlyList<PlacedMember> Standbys() => [.. Members.Where(m => m.Role == MemberRole.Standby)];

    /// <summary>True when statements may go to <see cref="Primary"/>: no promotion under way and the primary is a primary.</summary>
    public bool IsAtRest() => !Promoting() && Members.Any(m => m.Name == Primary && m.Role == MemberRole.Primary);

    /// <summary>This layout with <paramref name="operation"/> under way (null: at rest).</summary>
    public ClusterLayout Doing(string? operation, string? description = null) => this with { Operation = operation, Pending = operation is null ? null : description };

    /// <summary>This layout with one member replaced by <paramref name="change"/> of it.</summary>
    public ClusterLayout With(string name, Func<PlacedMember, PlacedMember> change) =>
        this with { Members = Members.Select(m => m.Name == name ? change(m) : m).ToList() };

    /// <summary>ANY 1 of every other member (fenced ones too: rebuilt, they count again without a reconfiguration); empty for a lone server.</summary>
    public string SynchronousStandbyNames()
    {
        var others = Members.Where(m => m.Name != Primary).Select(m => m.Name).ToList();
        return others.Count == 0 ? "" : $"ANY 1 ({string.Join(", ", others)})";
    }
}
