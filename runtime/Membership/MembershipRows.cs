namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>Rules every membership table shares: argument checks, UTC times, ordering and what "defunct" means.</summary>
internal static class MembershipRows
{
    /// <summary>The table version of a cluster whose table has not been initialised: no etag, so every write fails.</summary>
    public static readonly TableVersion Uninitialized = new(0, string.Empty);

    /// <summary>A copy with UTC times and a private copy of the suspect list, as every table stores it.</summary>
    public static MembershipEntry Normalize(MembershipEntry entry) => entry with
    {
        StartTime = ToUtc(entry.StartTime),
        IAmAliveTime = ToUtc(entry.IAmAliveTime),
        SuspectTimes = entry.SuspectTimes.Select(s => (s.Suspecter, ToUtc(s.Time))).ToArray(),
    };

    /// <summary>A time as UTC; an unspecified kind is taken to be UTC already.</summary>
    public static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    /// <summary>UTC ticks, the stored form of every time.</summary>
    public static long Ticks(DateTime time) => ToUtc(time).Ticks;

    public static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);

    /// <summary>
    /// A row <see cref="IMembershipTable.CleanupDefunctSiloEntries"/> removes: its silo is not
    /// <see cref="SiloStatus.Active"/> and its last sign of life (the later of start and heartbeat) is before the date.
    /// </summary>
    public static bool IsDefunct(MembershipEntry entry, DateTimeOffset beforeDate) =>
        entry.Status != SiloStatus.Active && Ticks(entry.IAmAliveTime) < beforeDate.UtcTicks && Ticks(entry.StartTime) < beforeDate.UtcTicks;

    /// <summary>Rows in a stable order (by silo address), so every table returns snapshots alike.</summary>
    public static IReadOnlyList<(MembershipEntry Entry, string Etag)> Ordered(IEnumerable<(MembershipEntry Entry, string Etag)> rows) =>
        rows.OrderBy(row => row.Entry.SiloAddress.ToParsableString(), StringComparer.Ordinal).ToArray();

    public static void Validate(SiloAddress silo, string parameterName)
    {
        if (string.IsNullOrEmpty(silo.Host))
        {
            throw new ArgumentException("The silo address is the default value, which names no silo.", parameterName);
        }
    }

    public static void Validate(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Validate(entry.SiloAddress, nameof(entry));
        if (entry.SiloName is null || entry.HostName is null || entry.SuspectTimes is null)
        {
            throw new ArgumentException("A membership entry's SiloName, HostName and SuspectTimes must not be null.", nameof(entry));
        }

        if (entry.GatewayPort is < 0 or > 65535)
        {
            throw new ArgumentException($"A membership entry's GatewayPort must be 0 (none) or a TCP port; it is {entry.GatewayPort}.", nameof(entry));
        }

        foreach (var (suspecter, _) in entry.SuspectTimes)
        {
            Validate(suspecter, nameof(entry));
        }
    }

    public static void Validate(TableVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(version.VersionEtag, nameof(version));
    }

    public static void ValidateClusterId(string clusterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
    }

    /// <summary>A fresh row or version etag: random, so an etag is never reused even after a table is deleted and re-created.</summary>
    public static string NewEtag() => Guid.NewGuid().ToString("N");
}
