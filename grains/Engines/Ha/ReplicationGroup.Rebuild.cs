using System.Diagnostics;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Bringing a fenced (or broken) member back as a standby.</summary>
public sealed partial class ReplicationGroup
{
    /// <summary>The folder a member's data is moved to when a fresh base backup replaces it (one kept per member).</summary>
    public const string DiscardedSuffix = ".discarded";

    /// <summary>
    /// Rebuilds <paramref name="member"/> (a fenced former primary, or a standby) as a standby of the current primary:
    /// stops whatever runs of it, rewinds its data onto the primary's timeline with <c>pg_rewind</c> — or, when that fails,
    /// when the rewound member could not find the WAL it must replay (<see cref="RewoundWalMissingAsync"/>) — moves its data
    /// to <c>{member}.discarded</c> and takes a fresh base backup — configures it to stream through its
    /// own slot, starts it and waits until the primary counts it as synchronous.
    /// </summary>
    /// <returns>"pg_rewind" or "pg_basebackup": how the member was rebuilt.</returns>
    public async Task<string> RebuildAsync(string member, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var layout = Layout;
            if (!layout.Members.Any(m => m.Name == member) || member == layout.Primary)
            {
                throw new DynamicDbException(ErrorCodes.RequestInvalid,
                    $"'{member}' cannot be rebuilt: choose a member of replication group {Name} other than its primary {layout.Primary} ({string.Join(", ", layout.Members.Where(m => m.Name != layout.Primary).Select(m => m.Name))}).");
            }

            Save(layout with
            {
                Pending = new PendingOperation(PendingOperation.Rebuild, member, layout.Epoch, _time.GetUtcNow(),
                    $"rebuild {member} as a standby of {layout.Primary} (it stays fenced until this finishes)"),
            });
            await FenceAsync(member, cancellationToken).ConfigureAwait(false);
            await EnsureSlotAsync(Layout.Primary, member, cancellationToken).ConfigureAwait(false);
            // A promoted primary records its new timeline in pg_control only at its next checkpoint; until then pg_rewind
            // sees one timeline and finds nothing to rewind.
            await MemberSql.ExecuteAsync(ConnectionString(Layout.Primary), cancellationToken, "CHECKPOINT").ConfigureAwait(false);
            var timeline = await MemberSql.ScalarAsync<int>(ConnectionString(Layout.Primary), "SELECT timeline_id FROM pg_control_checkpoint()", cancellationToken).ConfigureAwait(false);
            var directory = MemberDirectory(member);
            var method = "pg_rewind";
            var rewind = IsDataDirectory(directory)
                ? await _tools.RewindAsync(directory, SuperuserConninfo(Layout.Primary), cancellationToken).ConfigureAwait(false)
                : new Managed.CommandResult(-1, $"'{directory}' holds no data directory");
            var failure = rewind.Succeeded ? await RewoundWalMissingAsync(directory, member, cancellationToken).ConfigureAwait(false) : rewind.Output;
            if (failure is null)
            {
                await ConfigureStandbyAsync(directory, member, cancellationToken).ConfigureAwait(false);
                Save(Layout.WithRole(member, MemberRole.Standby));
                failure = await FollowAsync(member, timeline, cancellationToken).ConfigureAwait(false);
            }

            if (failure is not null)
            {
                ReplicationGroupLog.RewindFailed(_logger, member, Name, failure);
                method = "pg_basebackup";
                Save(Layout.WithRole(member, MemberRole.Fenced));
                await FenceAsync(member, cancellationToken).ConfigureAwait(false);
                if (Directory.Exists(directory))
                {
                    DeleteDirectory(directory + DiscardedSuffix);
                    Directory.Move(directory, directory + DiscardedSuffix);
                }

                await CreateStandbyAsync(member, cancellationToken).ConfigureAwait(false);
                Save(Layout.WithRole(member, MemberRole.Standby));
                failure = await FollowAsync(member, timeline, cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                        $"Member {member} of replication group {Name} was copied afresh from {Layout.Primary} but does not follow it: {failure}", isTransient: true);
                }
            }

            await WaitForStandbysAsync([member], cancellationToken).ConfigureAwait(false);
            Save(Layout with { Pending = null });
            ReplicationGroupLog.MemberRebuilt(_logger, member, Name, Layout.Primary, method, Elapsed(started));
            return method;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Starts a rebuilt member and waits until it streams on the primary's <paramref name="timeline"/>; returns null when
    /// it does, otherwise why not (a member whose WAL went past the fork point keeps asking for the old timeline).
    /// </summary>
    private async Task<string?> FollowAsync(string member, int timeline, CancellationToken cancellationToken)
    {
        try
        {
            await StartMemberAsync(Layout[member], cancellationToken).ConfigureAwait(false);
            await PollAsync(
                async () => await MemberSql.ScalarAsync<int?>(ConnectionString(member),
                    "SELECT received_tli FROM pg_stat_wal_receiver WHERE status = 'streaming'", cancellationToken).ConfigureAwait(false) == timeline,
                () => $"member {member} does not stream timeline {timeline} from {Layout.Primary} (see {LogFile(member)})",
                _options.ReplicationTimeout, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (DynamicDbException e)
        {
            return e.Message;
        }
    }
}
