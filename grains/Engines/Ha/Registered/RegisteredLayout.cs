namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>
/// What the silo remembers of a registered group (<c>{silo data}/engines/{id}/group.json</c>): the primary, the epoch,
/// every member's role and the <c>primary_conninfo</c> its standby streams with (a password in it encrypted, see
/// <see cref="RegisteredLayoutSecrets"/>), and an operation under way. A fenced
/// member stays fenced across restarts until it is seen streaming from the primary again.
/// </summary>
internal sealed record RegisteredLayout
{
    /// <summary>The group's name (the engine id).</summary>
    public required string Name { get; init; }

    /// <summary>Starts at 1 and goes up by one with every promotion.</summary>
    public required long Epoch { get; init; }

    /// <summary>The member that takes writes.</summary>
    public required string Primary { get; init; }

    /// <summary>Every member, in configuration order.</summary>
    public required IReadOnlyList<RegisteredMemberState> Members { get; init; }

    /// <summary>The operation under way, or null when the group is at rest.</summary>
    public PendingOperation? Pending { get; init; }

    public RegisteredMemberState this[string name] => Members.FirstOrDefault(m => m.Name == name)
        ?? throw new KeyNotFoundException($"The registered group '{Name}' has no member '{name}'.");

    /// <summary>The members that are standbys now.</summary>
    public IEnumerable<RegisteredMemberState> Standbys => Members.Where(m => m.Role == MemberRole.Standby);

    /// <summary>This layout with one member changed.</summary>
    public RegisteredLayout With(string name, Func<RegisteredMemberState, RegisteredMemberState> change) =>
        this with { Members = Members.Select(m => m.Name == name ? change(m) : m).ToList() };

    /// <summary>This layout with one member's role replaced.</summary>
    public RegisteredLayout WithRole(string name, MemberRole role) => With(name, m => m with { Role = role });

    /// <summary>
    /// The <c>synchronous_standby_names</c> a new primary gets: ANY 1 of every other member, fenced ones included (they
    /// acknowledge nothing until rebuilt, then count again; with no standby left commits wait rather than go asynchronous).
    /// </summary>
    public string SynchronousStandbyNames() =>
        $"ANY 1 ({string.Join(", ", Members.Where(m => m.Name != Primary).Select(m => m.Name))})";
}

/// <summary>One member as the layout records it.</summary>
/// <param name="Name">The member's name (its standby's <c>application_name</c>).</param>
/// <param name="Role">Its role.</param>
/// <param name="Conninfo">The <c>primary_conninfo</c> it last streamed with as a standby (the template for repointing it); null when unknown.</param>
internal sealed record RegisteredMemberState(string Name, MemberRole Role, string? Conninfo = null);
