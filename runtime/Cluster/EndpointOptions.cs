namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>Where a clustered silo listens for other silos and clients. Section: <c>Orleans:Endpoints</c>.</summary>
public sealed class EndpointOptions
{
    public const string SectionName = "Orleans:Endpoints";

    /// <summary>The IP address other silos and clients reach this silo on (and the one it listens on). Default: 127.0.0.1.</summary>
    public string AdvertisedIPAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP port for silo-to-silo and client traffic; 0 picks a free port. Default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;
}
