using Orleans.Concurrency;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>
/// The members of one replication group that one silo runs. Key: <c>{engine}/{silo}</c> (<see cref="SiloPlacement.Key(string, SiloAddress)"/>);
/// the grain lives on that silo and nowhere else (<see cref="SiloPlacement"/>), so a call fails while the silo is not active.
/// Only <see cref="IReplicationGroupGrain"/> calls it.
/// </summary>
[Alias("dyndb.IMemberHostGrain")]
public interface IMemberHostGrain : IGrainWithStringKey
{
    /// <summary>Creates the group's first primary (initdb) and starts it; answers the host and port it is reached at.</summary>
    [ResponseTimeout("00:03:00")]
    [Alias("CreatePrimary")]
    Task<MemberEndpoint> CreatePrimaryAsync(string member, string password);

    /// <summary>Makes <paramref name="member"/> a fresh standby of <paramref name="primary"/> (base backup) and starts it; any older copy here is set aside.</summary>
    [ResponseTimeout("00:05:00")]
    [Alias("CreateStandby")]
    Task<MemberEndpoint> CreateStandbyAsync(string member, string password, MemberEndpoint primary);

    /// <summary>Starts an existing member (adopting it when it runs) on <paramref name="port"/>, or a free port when that is taken.</summary>
    [ResponseTimeout("00:02:00")]
    [Alias("Start")]
    Task<MemberEndpoint> StartAsync(string member, int port);

    /// <summary>Stops <paramref name="member"/> at once and kills whatever runs in its folder.</summary>
    [ResponseTimeout("00:02:00")]
    [Alias("Fence")]
    Task FenceAsync(string member);

    /// <summary>The postmaster's pid of <paramref name="member"/> when it runs on this silo, otherwise null.</summary>
    [AlwaysInterleave]
    [Alias("Pid")]
    Task<int?> PidAsync(string member);

    /// <summary>Moves aside (never deletes) the member folders on this silo other than <paramref name="keep"/>; answers the ones moved.</summary>
    [ResponseTimeout("00:02:00")]
    [Alias("SetAside")]
    Task<IReadOnlyList<string>> SetAsideAllButAsync(IReadOnlyList<string> keep);
}

/// <summary>Where a member is reached.</summary>
/// <param name="Host">The host other silos connect to.</param>
/// <param name="Port">The port it listens on.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.MemberEndpoint")]
public sealed record MemberEndpoint([property: Id(0)] string Host, [property: Id(1)] int Port);
