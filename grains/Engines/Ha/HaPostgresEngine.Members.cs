using Orleans.DynamicDb.Engines.Ha.AutoScale;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Adding and removing members of a <c>postgres-ha</c> engine's group at run time, and their load.</summary>
public sealed partial class HaPostgresEngine
{
    private MemberLoads _memberLoads = MemberLoads.None;

    /// <summary>
    /// The standbys' load as last sampled (see <see cref="AutoScale.MemberLoads"/>): read-only, cheap, for routing new
    /// connections to less-loaded members first. Sampled while the engine's auto-scaler runs (<c>AutoScale:Enabled</c>);
    /// <see cref="MemberLoads.None"/> otherwise.
    /// </summary>
    public MemberLoads MemberLoads => Volatile.Read(ref _memberLoads);

    /// <summary>
    /// Adds a synchronous standby to the group (<see cref="ReplicationGroup.AddMemberAsync"/>) while statements keep
    /// flowing to the primary; answers it once the primary counts it as synchronous.
    /// </summary>
    public async Task<MemberStatus> AddMemberAsync(double weight, CancellationToken cancellationToken = default)
    {
        await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await Group.AddMemberAsync(weight, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a standby from the group (<see cref="ReplicationGroup.RemoveMemberAsync"/>) while statements keep flowing to the primary.</summary>
    public async Task<string> RemoveMemberAsync(string member, CancellationToken cancellationToken = default)
    {
        await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await Group.RemoveMemberAsync(member, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Samples the running standbys' active client backends now and keeps the sample as <see cref="MemberLoads"/>.</summary>
    public async Task<MemberLoads> SampleMemberLoadsAsync(ReplicationGroupStatus observed, CancellationToken cancellationToken = default)
    {
        var loads = await StandbyLoadSampler.SampleAsync(Group, observed, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _memberLoads, loads);
        return loads;
    }
}
