using System.Globalization;
using StackExchange.Redis;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>Turns the fields of a cluster's membership hash (see <see cref="RedisMembershipScripts"/>) into a table snapshot.</summary>
internal static class RedisMembershipSnapshot
{
    public const string Version = "version";
    public const string VersionEtag = "version-etag";
    public const string Row = "row:";
    public const string Alive = "alive:";
    public const string Etag = "etag:";

    /// <summary>A snapshot from HGETALL's answer.</summary>
    public static MembershipTableData FromHash(HashEntry[] fields)
    {
        var values = fields.ToDictionary(field => (string)field.Name!, field => (string?)field.Value, StringComparer.Ordinal);
        var members = new List<(MembershipEntry, string)>();
        foreach (var (name, json) in values)
        {
            if (name.StartsWith(Row, StringComparison.Ordinal))
            {
                var silo = name[Row.Length..];
                members.Add(ReadMember(silo, json, values.GetValueOrDefault(Alive + silo), values.GetValueOrDefault(Etag + silo)));
            }
        }

        return new MembershipTableData(MembershipRows.Ordered(members), ReadVersion(values.GetValueOrDefault(Version), values.GetValueOrDefault(VersionEtag)));
    }

    /// <summary>A snapshot from HMGET version, version-etag, row:{silo}, alive:{silo}, etag:{silo}.</summary>
    public static MembershipTableData FromRow(SiloAddress silo, RedisValue[] values)
    {
        IReadOnlyList<(MembershipEntry, string)> members = values[2].IsNull
            ? []
            : [ReadMember(silo.ToParsableString(), values[2], values[3], values[4])];
        return new MembershipTableData(members, ReadVersion(values[0], values[1]));
    }

    public static string Ticks(DateTime time) => MembershipRows.Ticks(time).ToString(CultureInfo.InvariantCulture);

    private static (MembershipEntry, string) ReadMember(string silo, string? json, string? alive, string? etag)
    {
        if (json is null || alive is null || etag is null)
        {
            throw new FormatException($"The Redis membership row of silo {silo} is incomplete (row, alive and etag fields must all exist).");
        }

        var aliveTime = MembershipRows.FromTicks(long.Parse(alive, NumberStyles.None, CultureInfo.InvariantCulture));
        return (MembershipJson.DecodeRow(SiloAddress.FromParsableString(silo), json, aliveTime), etag);
    }

    private static TableVersion ReadVersion(string? version, string? etag) =>
        version is null || etag is null
            ? MembershipRows.Uninitialized
            : new TableVersion(int.Parse(version, NumberStyles.None, CultureInfo.InvariantCulture), etag);
}
