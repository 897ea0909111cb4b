using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>
/// The decider of one group spread over silos (see <see cref="IReplicationGroupGrain"/>). Every change of the layout is
/// persisted before the step it stands for; the grain's turns (its watch timer, promotions, rebuilds) run one at a time,
/// reads interleave. Members are reached over TCP for SQL (promotion, repointing, positions) and through their silo's
/// <see cref="IMemberHostGrain"/> for processes and folders (initdb, base backup, start, fence, set aside).
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed partial class ReplicationGroupGrain(
    [PersistentState("hagroup")] IPersistentState<ReplicationGroupGrainState> state,
    IClusterMembershipService membership,
    IOptions<ClusterReplicationOptions> options,
    SecretProtector secrets,
    ILogger<ReplicationGroupGrain> logger) : Grain, IReplicationGroupGrain
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReplicationTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HostCallTimeout = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _joined = new(StringComparer.Ordinal);
    private int _replicas = -1;
    private long? _firstJoin;

    private string Name => this.GetPrimaryKeyString();

    private ClusterLayout Layout => state.State.Layout ?? throw new DynamicDbException(ErrorCodes.EngineUnavailable,
        $"The replication group '{Name}' has not been created yet (it is, once its silos have joined); retry shortly.", isTransient: true);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ProtectStoredPasswordAsync();
        this.RegisterGrainTimer(WatchAsync, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.WatchInterval) { KeepAlive = true });
    }

    public Task JoinAsync(string silo, int replicas)
    {
        _replicas = replicas;
        _firstJoin ??= Stopwatch.GetTimestamp();
        _joined.Add(silo);
        return Task.CompletedTask;
    }

    public Task<ClusterView?> GetViewAsync() =>
        Task.FromResult(state.State.Layout is { } layout ? new ClusterView(layout, Password) : null);

    /// <summary>
    /// One look at the group: create it once enough silos joined, finish an interrupted promotion, restart the members of
    /// silos that (re)joined, fence members whose silo the cluster declared dead, rebuild fenced members on free silos.
    /// </summary>
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (state.State.Layout is null || state.State.Layout.Operation == PendingOperation.Create)
            {
                await CreateWhenReadyAsync();
                return;
            }

            if (Layout.Operation == PendingOperation.Promote)
            {
                await PromoteCoreAsync(null);
            }

            await RejoinAsync();
            await FenceLostAsync();
            await RebuildFencedAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWatchFailed(e);
        }
    }

    private void LogWatchFailed(Exception e) => ClusterLog.WatchFailed(logger, e, Name);

    /// <summary>Creates the group over the active silos, once one per member is there or <see cref="ClusterReplicationOptions.SpreadWait"/> passed since the first join.</summary>
    private async Task CreateWhenReadyAsync()
    {
        if (_replicas < 0 || _firstJoin is not { } first)
        {
            return;
        }

        var silos = ActiveSilos();
        if (silos.Count == 0 || (silos.Count < _replicas + 1 && Stopwatch.GetElapsedTime(first) < options.Value.SpreadWait))
        {
            return;
        }

        if (string.IsNullOrEmpty(state.State.Password))
        {
            NewPassword();
        }

        var members = Enumerable.Range(0, _replicas + 1)
            .Select(i => new PlacedMember("m" + i.ToString(CultureInfo.InvariantCulture), silos[i % silos.Count].ToParsableString(), "", 0,
                i == 0 ? MemberRole.Primary : MemberRole.Standby))
            .ToList();
        var placed = string.Join(", ", members.Select(m => $"{m.Name} on {m.Silo}"));
        await SaveAsync(new ClusterLayout(Name, 1, members[0].Name, members, PendingOperation.Create, $"create the group: {placed}"));

        var primary = await Host(members[0].Silo).CreatePrimaryAsync(members[0].Name, Password);
        await SaveAsync(Layout.With(members[0].Name, m => m with { Host = primary.Host, Port = primary.Port }));
        await MemberSql.ExecuteAsync(ConnectionString(members[0].Name), CancellationToken.None,
            $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ReplicationGroup.ReplicationUser}') THEN
                CREATE ROLE {ReplicationGroup.ReplicationUser} WITH REPLICATION LOGIN PASSWORD {MemberSql.Literal(Password)};
              END IF;
            END $$
            """);
        foreach (var standby in members.Skip(1))
        {
            await EnsureSlotAsync(Layout.Primary, standby.Name);
            var endpoint = await Host(standby.Silo).CreateStandbyAsync(standby.Name, Password, primary);
            await SaveAsync(Layout.With(standby.Name, m => m with { Host = endpoint.Host, Port = endpoint.Port }));
        }

        await SetSynchronousStandbysAsync(Layout.Primary);
        await WaitForStandbysAsync(Layout.Standbys().Select(s => s.Name).ToList());
        await SaveAsync(Layout.Doing(null));
        ClusterLog.GroupCreated(logger, Name, Layout.Primary, placed);
    }

    /// <summary>
    /// Silos that (re)joined: their members that the layout still gives them (same <c>host:port</c>, not fenced) are
    /// started again and follow the current primary; every other member folder there is set aside.
    /// </summary>
    private async Task RejoinAsync()
    {
        foreach (var silo in _joined.ToList())
        {
            var endpoint = PlacedMember.SiloEndpoint(silo);
            var own = Layout.Members.Where(m => m.Endpoint() == endpoint && m.Role != MemberRole.Fenced).ToList();
            await Host(silo).SetAsideAllButAsync(own.Select(m => m.Name).ToList());
            foreach (var member in own)
            {
                if (member.Silo != silo)
                {
                    await SaveAsync(Layout.With(member.Name, m => m with { Silo = silo }));
                }

                var started = await Host(silo).StartAsync(member.Name, member.Port);
                await SaveAsync(Layout.With(member.Name, m => m with { Host = started.Host, Port = started.Port }));
                if (member.Role == MemberRole.Standby)
                {
                    await RepointAsync(member.Name, Layout.Primary);
                }
            }

            _joined.Remove(silo);
        }
    }

    /// <summary>Standbys on silos the cluster declared dead are fenced in the layout (the primary's loss is the engine grain's to decide).</summary>
    private async Task FenceLostAsync()
    {
        var snapshot = membership.CurrentSnapshot;
        foreach (var member in Layout.Members.Where(m => m.Role == MemberRole.Standby).ToList())
        {
            var silo = SiloAddress.FromParsableString(member.Silo);
            if (snapshot.GetSiloStatus(silo) == SiloStatus.Dead)
            {
                await SaveAsync(Layout.With(member.Name, m => m with { Role = MemberRole.Fenced }));
                ClusterLog.MemberLost(logger, member.Name, Name, member.Silo);
            }
        }
    }

    /// <summary>Rebuilds the first fenced member on a silo without a member (its own silo first), when there is one.</summary>
    private async Task RebuildFencedAsync()
    {
        if (Layout.Operation is not null || !Layout.IsAtRest() || Layout.Members.FirstOrDefault(m => m.Role == MemberRole.Fenced) is not { } fenced)
        {
            return;
        }

        if (FreeSilo(fenced) is { } target && await AnswersAsync(target))
        {
            await RebuildCoreAsync(fenced.Name, target);
        }
    }

    /// <summary>An active silo where no live member runs (<paramref name="member"/>'s own silo first); null when there is none.</summary>
    private string? FreeSilo(PlacedMember member)
    {
        var taken = Layout.Members.Where(m => m.Role != MemberRole.Fenced).Select(m => m.Endpoint()).ToHashSet(StringComparer.Ordinal);
        var free = ActiveSilos().Select(s => s.ToParsableString()).Where(s => !taken.Contains(PlacedMember.SiloEndpoint(s))).ToList();
        return free.FirstOrDefault(s => PlacedMember.SiloEndpoint(s) == member.Endpoint()) ?? free.FirstOrDefault();
    }

    /// <summary>True when the member host on <paramref name="silo"/> answers in time (a killed silo stays 'active' until the cluster declares it dead).</summary>
    private async Task<bool> AnswersAsync(string silo)
    {
        try
        {
            await Host(silo).PidAsync("-").WaitAsync(HostCallTimeout);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    private List<SiloAddress> ActiveSilos() => membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active)
        .Select(m => m.SiloAddress)
        .OrderBy(s => s.ToParsableString(), StringComparer.Ordinal)
        .ToList();

    private bool IsActive(string silo) => membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(silo)) == SiloStatus.Active;

    private IMemberHostGrain Host(string silo) => GrainFactory.GetGrain<IMemberHostGrain>(SiloPlacement.Key(Name, silo));

    private async Task SaveAsync(ClusterLayout layout)
    {
        state.State.Layout = layout;
        await state.WriteStateAsync();
    }

    /// <summary>A superuser connection string (unpooled, database 'postgres') to <paramref name="member"/>.</summary>
    private string ConnectionString(string member)
    {
        var placed = Layout[member];
        return new NpgsqlConnectionStringBuilder
        {
            Host = placed.Host,
            Port = placed.Port,
            Username = "postgres",
            Password = Password,
            Database = "postgres",
            Pooling = false,
            Timeout = (int)CommandTimeout.TotalSeconds,
            CommandTimeout = (int)CommandTimeout.TotalSeconds,
        }.ConnectionString;
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
}
