using System.Diagnostics;
using System.Globalization;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Adding a synchronous standby at run time (the seed's <c>add_database</c>).</summary>
public sealed partial class ReplicationGroup
{
    /// <summary>
    /// Adds a standby: the next name <c>mK</c> and a free port of the range are recorded in the layout first (marked
    /// "added", with <paramref name="weight"/>, and an <c>add</c> operation pending), so a crash in the middle leaves a
    /// member the next <see cref="StartAsync"/> finishes creating; then a base backup of the primary through its own slot,
    /// its start, a wait until it streams, and only then <c>synchronous_standby_names = 'ANY 1 (…)'</c> with it, and a wait
    /// until the primary counts it as synchronous. A failure before it streams takes it out of the layout again.
    /// Fails with <see cref="ErrorCodes.EngineGroupFull"/> when the group has <see cref="ReplicationGroupOptions.MaxReplicas"/>
    /// standbys, <see cref="ErrorCodes.RequestInvalid"/> for a weight outside 0–1000, and
    /// <see cref="ErrorCodes.EngineUnavailable"/> while another operation is under way.
    /// </summary>
    /// <returns>The new member as observed once it is synchronous.</returns>
    public async Task<MemberStatus> AddMemberAsync(double weight, CancellationToken cancellationToken = default)
    {
        if (!double.IsFinite(weight) || weight is < 0 or > Health.EngineHealthOptionsValidator.MaxWeight)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid,
                $"'weight' must be between 0 and {Health.EngineHealthOptionsValidator.MaxWeight}, not {weight.ToString(CultureInfo.InvariantCulture)}.");
        }

        string name;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var layout = Layout;
            if (layout.Pending is { } pending)
            {
                throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                    $"Replication group {Name} is busy ({pending.Description}); add the member once that is done.", isTransient: true);
            }

            var standbys = layout.Members.Where(m => m.Name != layout.Primary).Select(m => m.Name).ToList();
            if (standbys.Count >= ReplicationGroupOptions.MaxReplicas)
            {
                throw new DynamicDbException(ErrorCodes.EngineGroupFull,
                    $"Replication group {Name} already has {standbys.Count} standbys ({string.Join(", ", standbys)}) beside its primary {layout.Primary}; a group may have at most {ReplicationGroupOptions.MaxReplicas} (Replicas 0–{ReplicationGroupOptions.MaxReplicas}).");
            }

            name = "m" + (layout.Members.Max(m => int.Parse(m.Name.AsSpan(1), CultureInfo.InvariantCulture)) + 1).ToString(CultureInfo.InvariantCulture);
            var ports = new PortAllocator(_options.PortRangeStart, _options.PortRangeEnd);
            foreach (var member in layout.Members)
            {
                ports.Adopt(member.Port);
            }

            var added = new GroupMember(name, ports.Lease(null), MemberRole.Standby) { Weight = weight, Added = true };
            Save(layout with
            {
                Members = [.. layout.Members, added],
                Pending = new PendingOperation(PendingOperation.Add, name, layout.Epoch, _time.GetUtcNow(),
                    $"add {name} (port {added.Port}, weight {weight.ToString(CultureInfo.InvariantCulture)}) as a synchronous standby of {layout.Primary}"),
            });
            try
            {
                await CreateStandbyAsync(name, cancellationToken).ConfigureAwait(false);
                await StartMemberAsync(added, cancellationToken).ConfigureAwait(false);
                await WaitForStreamingAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await RemoveAddedAsync(name).ConfigureAwait(false);
                throw;
            }

            await SetSynchronousStandbysAsync(Layout.Primary, Layout.SynchronousStandbyNames(), cancellationToken).ConfigureAwait(false);
            await WaitForStandbysAsync([name], cancellationToken).ConfigureAwait(false);
            Save(Layout with { Pending = null });
            ReplicationGroupLog.MemberAdded(_logger, Name, name, weight, added.Port, Layout.Primary, Layout.SynchronousStandbyNames(), Elapsed(started));
        }
        finally
        {
            _gate.Release();
        }

        return (await GetStatusAsync(cancellationToken).ConfigureAwait(false))[name];
    }

    /// <summary>Waits until the primary's <c>pg_stat_replication</c> shows <paramref name="member"/> streaming.</summary>
    private Task WaitForStreamingAsync(string member, CancellationToken cancellationToken) =>
        PollAsync(
            async () => (await MemberSql.ReplicationAsync(ConnectionString(Layout.Primary), cancellationToken).ConfigureAwait(false))
                .TryGetValue(member, out var row) && row.State == "streaming",
            () => $"the new member {member} of replication group {Name} does not stream from {Layout.Primary} (see {LogFile(member)})",
            _options.ReplicationTimeout, cancellationToken);

    /// <summary>Undoes a member whose addition failed before it streamed: its processes, data, slot and layout entry.</summary>
    private async Task RemoveAddedAsync(string member)
    {
        try
        {
            await FenceAsync(member, CancellationToken.None).ConfigureAwait(false);
            await MemberSql.ScalarAsync<object>(ConnectionString(Layout.Primary),
                "SELECT pg_drop_replication_slot($1) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active", CancellationToken.None, member).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or DynamicDbException or TimeoutException)
        {
            // The layout entry goes anyway; a slot left behind is reused if the name is added again.
        }

        DeleteDirectory(MemberDirectory(member));
        DeleteDirectory(MemberDirectory(member) + ".building");
        Save(Layout with { Members = Layout.Members.Where(m => m.Name != member).ToList(), Pending = null });
    }
}
