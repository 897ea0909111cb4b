namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>The persisted shape of a replication group (<c>{DataDirectory}/group.json</c>): members, roles, primary and epoch.</summary>
internal sealed record GroupLayout
{
    /// <summary>The group's name.</summary>
    public required string Name { get; init; }

    /// <summary>Starts at 1 and goes up by one with every promotion; routing by epoch keeps writes off a fenced primary.</summary>
    public required long Epoch { get; init; }

    /// <summary>The name of the member that takes writes.</summary>
    public required string Primary { get; init; }

    /// <summary>Every member, in creation order.</summary>
    public required IReadOnlyList<GroupMember> Members { get; init; }

    /// <summary>The operation under way, or null when the group is at rest.</summary>
    public PendingOperation? Pending { get; init; }

    public GroupMember this[string name] => Members.FirstOrDefault(m => m.Name == name)
        ?? throw new KeyNotFoundException($"The group '{Name}' has no member '{name}'.");

    /// <summary>The members other than the primary that are standbys now.</summary>
    public IEnumerable<GroupMember> Standbys => Members.Where(m => m.Role == MemberRole.Standby);

    /// <summary>This layout with one member's role replaced.</summary>
    public GroupLayout WithRole(string name, MemberRole role) =>
        this with { Members = Members.Select(m => m.Name == name ? m with { Role = role } : m).ToList() };

    /// <summary>
    /// The <c>synchronous_standby_names</c> the primary gets: ANY 1 of every other member, fenced ones included (they
    /// acknowledge nothing until rebuilt, and then count again without a reconfiguration); empty for a lone server.
    /// </summary>
    public string SynchronousStandbyNames()
    {
        var others = Members.Where(m => m.Name != Primary).Select(m => m.Name).ToList();
        return others.Count == 0 ? "" : $"ANY 1 ({string.Join(", ", others)})";
    }
}
