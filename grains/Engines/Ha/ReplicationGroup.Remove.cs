using System.Diagnostics;
using System.Globalization;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Removing a standby at run time (the auto-scaler's scale-down, or an operator's <c>DELETE …/members/{member}</c>).</summary>
public sealed partial class ReplicationGroup
{
    /// <summary>The folder (inside <see cref="DataDirectory"/>) removed members' data directories are moved to, never deleted.</summary>
    public const string RemovedFolder = "removed";

    /// <summary>
    /// The fewest standbys the group keeps: its configured <see cref="ReplicationGroupOptions.Replicas"/>, so a group with
    /// standbys always keeps one for <c>synchronous_standby_names = 'ANY 1 (…)'</c>.
    /// </summary>
    public int MinimumStandbys => _options.Replicas;

    /// <summary>
    /// Removes the standby <paramref name="member"/>: the layout without it (an <c>remove</c> operation pending) is written
    /// first, then the primary's <c>synchronous_standby_names</c> no longer names it, then its server is stopped (its port
    /// is free), its replication slot dropped and its data directory moved aside to
    /// <c>{DataDirectory}/removed/{member}-{UTC time}</c> (never deleted). A crash in the middle is finished by the next
    /// <see cref="StartAsync"/>. Fails with <see cref="ErrorCodes.EngineUnknown"/> for a name that is no member,
    /// <see cref="ErrorCodes.EngineMemberPrimary"/> for the primary, <see cref="ErrorCodes.EngineGroupMinimum"/> when it
    /// would leave fewer than <see cref="MinimumStandbys"/> standbys, and <see cref="ErrorCodes.EngineUnavailable"/> while
    /// another operation is under way.
    /// </summary>
    /// <returns>Where the member's data directory went.</returns>
    public async Task<string> RemoveMemberAsync(string member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var layout = Layout;
            var removed = layout.Members.FirstOrDefault(m => string.Equals(m.Name, member, StringComparison.OrdinalIgnoreCase))
                ?? throw new DynamicDbException(ErrorCodes.EngineUnknown,
                    $"Replication group {Name} has no member '{Shown(member)}'; its members are {string.Join(", ", layout.Members.Select(m => m.Name))}.");
            if (layout.Pending is { } pending)
            {
                throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                    $"Replication group {Name} is busy ({pending.Description}); remove {removed.Name} once that is done.", isTransient: true);
            }

            if (removed.Name == layout.Primary)
            {
                throw new DynamicDbException(ErrorCodes.EngineMemberPrimary,
                    $"Member {removed.Name} is the primary of replication group {Name}; fail over to another member first (only standbys can be removed).");
            }

            var standbys = layout.Members.Where(m => m.Name != layout.Primary).Select(m => m.Name).ToList();
            if (standbys.Count - 1 < MinimumStandbys)
            {
                throw new DynamicDbException(ErrorCodes.EngineGroupMinimum,
                    $"Replication group {Name} has {standbys.Count} standbys ({string.Join(", ", standbys)}); removing {removed.Name} would leave fewer than its minimum of {MinimumStandbys} (ReplicationGroup:Replicas), and commits need a synchronous standby.");
            }

            // The decision is persisted before anything changes; the configured count stays Replicas (see StartAsync).
            var remaining = layout.Members.Where(m => m.Name != removed.Name).ToList();
            if (!removed.Added && remaining.LastOrDefault(m => m.Added) is { } stand)
            {
                remaining = remaining.Select(m => m.Name == stand.Name ? m with { Added = false } : m).ToList();
            }

            Save(layout with
            {
                Members = remaining,
                Pending = new PendingOperation(PendingOperation.Remove, removed.Name, layout.Epoch, _time.GetUtcNow(),
                    $"remove the standby {removed.Name} (port {removed.Port.ToString(CultureInfo.InvariantCulture)}) from {layout.Primary}'s synchronous standbys"),
            });
            var movedTo = await FinishRemoveAsync(removed.Name, cancellationToken).ConfigureAwait(false);
            ReplicationGroupLog.MemberRemoved(_logger, Name, removed.Name, removed.Port, Layout.SynchronousStandbyNames(), movedTo, Elapsed(started));
            return movedTo;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The steps after the layout dropped <paramref name="member"/> (idempotent, so a start can redo them): the primary's
    /// synchronous standbys, the member's server stopped, its slot dropped, its data directory and log moved aside.
    /// </summary>
    private async Task<string> FinishRemoveAsync(string member, CancellationToken cancellationToken)
    {
        var primary = Layout.Primary;
        if (MemberProcesses.Postmaster(MemberDirectory(primary)) is not null)
        {
            await SetSynchronousStandbysAsync(primary, Layout.SynchronousStandbyNames(), cancellationToken).ConfigureAwait(false);
        }

        var directory = MemberDirectory(member);
        if (MemberProcesses.Postmaster(directory) is not null)
        {
            try
            {
                await _tools.Pg.StopAsync(directory, cancellationToken).ConfigureAwait(false);
            }
            catch (DynamicDbException)
            {
                await _tools.StopImmediatelyAsync(directory, cancellationToken).ConfigureAwait(false);
            }
        }

        await MemberProcesses.KillAllAsync(directory, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        _started.Remove(member);
        if (MemberProcesses.Postmaster(MemberDirectory(primary)) is not null)
        {
            // An inactive slot would keep WAL on the primary for ever.
            await MemberSql.ScalarAsync<object>(ConnectionString(primary),
                "SELECT pg_drop_replication_slot($1) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active", cancellationToken, member).ConfigureAwait(false);
        }

        var movedTo = MoveAside(member);
        Save(Layout with { Pending = null });
        return movedTo;
    }

    /// <summary>Moves the member's data directory and log into <see cref="RemovedFolder"/> under a name with the time; answers the new path ("" when there was none).</summary>
    private string MoveAside(string member)
    {
        var directory = MemberDirectory(member);
        var folder = Path.Combine(DataDirectory, RemovedFolder);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var target = Path.Combine(folder, $"{member}-{_time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}");
        for (var n = 1; Directory.Exists(target) || File.Exists(target + ".log"); n++)
        {
            target = Path.Combine(folder, $"{member}-{_time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{n.ToString(CultureInfo.InvariantCulture)}");
        }

        if (File.Exists(LogFile(member)))
        {
            File.Move(LogFile(member), target + ".log");
        }

        if (!Directory.Exists(directory))
        {
            return "";
        }

        Directory.Move(directory, target);
        return target;
    }

    private static string Shown(string name) => name.Length <= 63 ? name : name[..63] + "...";
}
