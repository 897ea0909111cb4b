using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>
/// Runs one group's members on the silo its key names (<see cref="SiloPlacement"/>) with <see cref="MemberRunner"/>, in
/// the data directory of the silo's own entry for the engine. Holds no state: the processes and folders are the state,
/// and <see cref="ReplicationGroupGrain"/> decides.
/// </summary>
[SiloPlacement]
[UnsupportedOSPlatform("windows")]
internal sealed class MemberHostGrain(IEngineRegistry registry, IOptions<ClusterReplicationOptions> cluster, ILogger<MemberHostGrain> logger) : Grain, IMemberHostGrain
{
    private MemberRunner? _runner;

    private MemberRunner Runner => _runner ??= new MemberRunner(EngineOptions(), cluster.Value, logger);

    public async Task<MemberEndpoint> CreatePrimaryAsync(string member, string password) =>
        Endpoint(await Runner.CreatePrimaryAsync(member, password, CancellationToken.None));

    public async Task<MemberEndpoint> CreateStandbyAsync(string member, string password, MemberEndpoint primary) =>
        Endpoint(await Runner.CreateStandbyAsync(member, password, primary.Host, primary.Port, CancellationToken.None));

    public async Task<MemberEndpoint> StartAsync(string member, int port)
    {
        // A restarted postmaster needs the password in its environment (its WAL receiver logs in to the primary with it):
        // the group's grain holds it (encrypted at rest), this silo keeps it in memory only.
        if (Runner.Password is null && await GroupGrain().GetViewAsync() is { } view)
        {
            Runner.Password = view.Password;
        }

        return Endpoint(await Runner.StartAsync(member, port, CancellationToken.None));
    }

    public Task FenceAsync(string member) => Runner.FenceAsync(member, CancellationToken.None);

    public Task<int?> PidAsync(string member) => Task.FromResult(Runner.Pid(member));

    public Task<IReadOnlyList<string>> SetAsideAllButAsync(IReadOnlyList<string> keep) =>
        Runner.SetAsideAllButAsync(keep.ToHashSet(StringComparer.Ordinal), CancellationToken.None);

    private MemberEndpoint Endpoint(int port) => new(cluster.Value.Host, port);

    private IReplicationGroupGrain GroupGrain()
    {
        var key = this.GetPrimaryKeyString();
        return GrainFactory.GetGrain<IReplicationGroupGrain>(key[..key.LastIndexOf('/')]);
    }

    private EngineOptions EngineOptions()
    {
        var key = this.GetPrimaryKeyString();
        var engineId = key[..key.LastIndexOf('/')];
        return registry.TryGet(engineId, out var engine) && engine is HaPostgresEngine replicated
            ? replicated.Options
            : throw new DynamicDbException(ErrorCodes.EngineUnknown,
                $"This silo has no {EngineKinds.PostgresHa} engine '{engineId}' to run members of; every silo of the cluster needs the same engine entries.");
    }
}
