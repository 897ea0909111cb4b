namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>How silos watch each other. Section: <c>Orleans:Membership</c>. Defaults detect a dead silo in about 6–10 s.</summary>
public sealed class ClusterMembershipOptions
{
    public const string SectionName = "Orleans:Membership";

    /// <summary>How often each silo probes its monitored peers, and how long a probe may take. Default: 2 seconds.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes in a row after which a silo votes its peer dead. Default: 3.</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>How many peers each silo probes. Default: 3.</summary>
    public int NumProbedSilos { get; set; } = 3;

    /// <summary>Votes needed to declare a silo dead (fewer when fewer silos are left to vote). Default: 2.</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a vote counts. Default: 2 minutes.</summary>
    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a silo writes its heartbeat to the table. Default: 5 seconds.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Heartbeats a silo may miss before any other silo declares it dead from the table alone. Default: 3.</summary>
    public int NumMissedTableIAmAliveLimit { get; set; } = 3;

    /// <summary>How often a silo re-reads the table. Default: 3 seconds.</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Rows of silos dead for longer than this are deleted. Default: 1 day.</summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);
}
