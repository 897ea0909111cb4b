namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Adding members to a <c>postgres-ha</c> engine's group at run time.</summary>
public sealed partial class HaPostgresEngine
{
    /// <summary>
    /// Adds a synchronous standby to the group (<see cref="ReplicationGroup.AddMemberAsync"/>) while statements keep
    /// flowing to the primary; answers it once the primary counts it as synchronous.
    /// </summary>
    public async Task<MemberStatus> AddMemberAsync(double weight, CancellationToken cancellationToken = default)
    {
        await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await Group.AddMemberAsync(weight, cancellationToken).ConfigureAwait(false);
    }
}
