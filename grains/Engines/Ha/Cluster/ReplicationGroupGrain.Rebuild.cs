using System.Diagnostics;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>Bringing a fenced, lost or broken member back as a standby, on its own silo or on a silo without a member.</summary>
internal sealed partial class ReplicationGroupGrain
{
    public async Task<string> RebuildAsync(string member)
    {
        var layout = Layout;
        if (!layout.IsAtRest() || !layout.Members.Any(m => m.Name == member) || member == layout.Primary)
        {
            throw new DynamicDbException(layout.IsAtRest() ? ErrorCodes.RequestInvalid : ErrorCodes.EngineUnavailable,
                layout.IsAtRest()
                    ? $"'{member}' cannot be rebuilt: choose a member of replication group {Name} other than its primary {layout.Primary} ({string.Join(", ", layout.Members.Where(m => m.Name != layout.Primary).Select(m => m.Name))})."
                    : $"The replication group '{Name}' has an operation under way ({layout.Pending}); retry shortly.",
                isTransient: !layout.IsAtRest());
        }

        var current = layout[member];
        if (current.Role == MemberRole.Standby && IsActive(current.Silo)
            && await Quietly(() => MemberSql.ReplicationAsync(ConnectionString(layout.Primary), CancellationToken.None)) is { } rows
            && rows.TryGetValue(member, out var row) && row.State == "streaming")
        {
            // Rebuilt already (by the watch, between the caller's look and this call): nothing to do.
            return "none: already a streaming standby";
        }

        var silo = current.Role == MemberRole.Standby && IsActive(current.Silo) ? current.Silo : FreeSilo(current)
            ?? throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"Member {member} of replication group {Name} cannot be rebuilt now: its silo {current.Silo} is not active and every active silo runs a member already.", isTransient: true);
        await RebuildCoreAsync(member, silo);
        return "pg_basebackup";
    }

    /// <summary>
    /// Fences <paramref name="member"/> (in the layout first, then its processes when its silo answers), takes a fresh base
    /// backup of the primary on <paramref name="silo"/> through the member's slot (its older copy there is set aside),
    /// records where it runs now and waits until the primary counts it as synchronous.
    /// </summary>
    private async Task RebuildCoreAsync(string member, string silo)
    {
        var started = Stopwatch.GetTimestamp();
        var old = Layout[member];
        await SaveAsync(Layout.With(member, m => m with { Role = MemberRole.Fenced })
            .Doing(PendingOperation.Rebuild, $"rebuild {member} as a standby of {Layout.Primary} on silo {silo} (it stays fenced until this finishes)"));
        if (old.Silo != silo)
        {
            await FenceQuietlyAsync(old);
        }

        var primary = Layout[Layout.Primary];
        await EnsureSlotAsync(primary.Name, member);
        var endpoint = await Host(silo).CreateStandbyAsync(member, Password, new MemberEndpoint(primary.Host, primary.Port));
        await SaveAsync(Layout.With(member, m => m with { Silo = silo, Host = endpoint.Host, Port = endpoint.Port, Role = MemberRole.Standby }));
        await WaitForStandbysAsync([member]);
        await SaveAsync(Layout.Doing(null));
        ClusterLog.MemberRebuilt(logger, member, Name, primary.Name, silo, endpoint.Port, Elapsed(started));
    }
}
