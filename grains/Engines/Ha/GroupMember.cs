namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>One member as the layout file records it: its name (also its <c>application_name</c> and slot), port and role.</summary>
internal sealed record GroupMember(string Name, int Port, MemberRole Role)
{
    /// <summary>The weight the member was given when added at run time; null for the configured members (see <see cref="MemberWeights"/>).</summary>
    public double? Weight { get; init; }

    /// <summary>True for a member added at run time (<see cref="ReplicationGroup.AddMemberAsync"/>), beyond the configured replicas.</summary>
    public bool Added { get; init; }
}
