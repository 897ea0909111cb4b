namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// One silo's row in the membership table. Immutable: change a copy with <c>with</c> and write it back with
/// <see cref="IMembershipTable.UpdateRow"/>. Times are UTC (the tables store them as UTC ticks, exactly).
/// </summary>
public sealed record MembershipEntry
{
    /// <summary>The silo (endpoint + generation); the row's key within its cluster.</summary>
    public required SiloAddress SiloAddress { get; init; }

    /// <summary>Where the silo is in its life cycle. Default: <see cref="SiloStatus.None"/>.</summary>
    public SiloStatus Status { get; init; }

    /// <summary>The silo's configured name, for people. Default: empty.</summary>
    public string SiloName { get; init; } = string.Empty;

    /// <summary>The machine the silo runs on. Default: empty.</summary>
    public string HostName { get; init; } = string.Empty;

    /// <summary>The client-facing (gateway/HTTP) port, 0 when the silo has none. Default: 0.</summary>
    public int GatewayPort { get; init; }

    /// <summary>The silo's HTTP base address (e.g. for the dashboard), or null when it has none. Default: null.</summary>
    public string? HttpAddress { get; init; }

    /// <summary>When the silo started (UTC).</summary>
    public DateTime StartTime { get; init; }

    /// <summary>The silo's last heartbeat (UTC), written by <see cref="IMembershipTable.UpdateIAmAlive"/>.</summary>
    public DateTime IAmAliveTime { get; init; }

    /// <summary>Votes that this silo is dead: who suspected it and when (UTC), oldest first. Default: none.</summary>
    public IReadOnlyList<(SiloAddress Suspecter, DateTime Time)> SuspectTimes { get; init; } = [];

    /// <summary>A copy with one more suspicion vote appended.</summary>
    public MembershipEntry WithSuspecter(SiloAddress suspecter, DateTime time) => this with { SuspectTimes = [.. SuspectTimes, (suspecter, time)] };

    public bool Equals(MembershipEntry? other) =>
        other is not null
        && SiloAddress == other.SiloAddress
        && Status == other.Status
        && string.Equals(SiloName, other.SiloName, StringComparison.Ordinal)
        && string.Equals(HostName, other.HostName, StringComparison.Ordinal)
        && GatewayPort == other.GatewayPort
        && string.Equals(HttpAddress, other.HttpAddress, StringComparison.Ordinal)
        && StartTime == other.StartTime
        && IAmAliveTime == other.IAmAliveTime
        && SuspectTimes.SequenceEqual(other.SuspectTimes);

    public override int GetHashCode() => HashCode.Combine(SiloAddress, Status, StartTime);
}
