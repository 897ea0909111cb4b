using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// The JSON forms of a membership row (Redis keeps a row as one JSON value) and of a suspect list (the SQL tables keep
/// it in one column). Times are UTC ticks, so they round-trip exactly.
/// </summary>
internal static class MembershipJson
{
    /// <summary>Every field of the row except its key (the silo address) and its heartbeat, which are stored beside it.</summary>
    public static string EncodeRow(MembershipEntry entry) => JsonSerializer.Serialize(
        new RowDocument(
            (int)entry.Status,
            entry.SiloName,
            entry.HostName,
            entry.GatewayPort,
            entry.HttpAddress,
            MembershipRows.Ticks(entry.StartTime),
            ToDocuments(entry.SuspectTimes)),
        MembershipJsonContext.Default.RowDocument);

    public static MembershipEntry DecodeRow(SiloAddress silo, string json, DateTime iAmAliveTime)
    {
        var row = JsonSerializer.Deserialize(json, MembershipJsonContext.Default.RowDocument)
            ?? throw new FormatException($"The membership row of silo {silo} is empty.");
        return new MembershipEntry
        {
            SiloAddress = silo,
            Status = (SiloStatus)row.Status,
            SiloName = row.SiloName ?? string.Empty,
            HostName = row.HostName ?? string.Empty,
            GatewayPort = row.GatewayPort,
            HttpAddress = row.HttpAddress,
            StartTime = MembershipRows.FromTicks(row.StartTicks),
            IAmAliveTime = iAmAliveTime,
            SuspectTimes = FromDocuments(row.Suspects),
        };
    }

    public static string EncodeSuspects(IReadOnlyList<(SiloAddress Suspecter, DateTime Time)> suspects) =>
        JsonSerializer.Serialize(ToDocuments(suspects), MembershipJsonContext.Default.SuspectDocumentArray);

    public static IReadOnlyList<(SiloAddress Suspecter, DateTime Time)> DecodeSuspects(string json) =>
        FromDocuments(JsonSerializer.Deserialize(json, MembershipJsonContext.Default.SuspectDocumentArray));

    private static SuspectDocument[] ToDocuments(IReadOnlyList<(SiloAddress Suspecter, DateTime Time)> suspects) =>
        suspects.Select(s => new SuspectDocument(s.Suspecter.ToParsableString(), MembershipRows.Ticks(s.Time))).ToArray();

    private static (SiloAddress, DateTime)[] FromDocuments(SuspectDocument[]? documents) =>
        documents is null ? [] : documents.Select(d => (SiloAddress.FromParsableString(d.Silo), MembershipRows.FromTicks(d.Ticks))).ToArray();

    internal sealed record RowDocument(int Status, string? SiloName, string? HostName, int GatewayPort, string? HttpAddress, long StartTicks, SuspectDocument[]? Suspects);

    internal sealed record SuspectDocument(string Silo, long Ticks);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MembershipJson.RowDocument))]
[JsonSerializable(typeof(MembershipJson.SuspectDocument[]))]
internal sealed partial class MembershipJsonContext : JsonSerializerContext;
