namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>One member of a group spread over silos, as its grain records it.</summary>
/// <param name="Name">The member's name (also its <c>application_name</c> and replication slot): m0, m1, …</param>
/// <param name="Silo">The Orleans address of the silo that runs it (<c>host:port@generation</c>, as <see cref="SiloAddress.ToParsableString"/> writes it).</param>
/// <param name="Host">The host other silos reach it at.</param>
/// <param name="Port">The port it listens on.</param>
/// <param name="Role">Its role; a fenced member is never routed to nor started until it is rebuilt.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.PlacedMember")]
public sealed record PlacedMember(
    [property: Id(0)] string Name,
    [property: Id(1)] string Silo,
    [property: Id(2)] string Host,
    [property: Id(3)] int Port,
    [property: Id(4)] MemberRole Role)
{
    /// <summary>The silo's endpoint without its generation (<c>host:port</c>): a restarted silo keeps it, and its data directory.</summary>
    public string Endpoint() => SiloEndpoint(Silo);

    /// <summary>The <c>host:port</c> part of a silo address written as <c>host:port@generation</c>.</summary>
    public static string SiloEndpoint(string silo) => silo.IndexOf('@', StringComparison.Ordinal) is var at and > 0 ? silo[..at] : silo;
}
