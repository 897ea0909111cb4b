using Orleans.DynamicDb.Client.Tls;

namespace Orleans.DynamicDb.Client;

/// <summary>
/// How a remote client reaches the silos (<c>DynamicDb:Client</c>): fixed gateways or the cluster's Redis membership
/// table, the cluster's ids, time limits and TLS. Bound from configuration, then changed by code; validated when
/// <see cref="DynamicDbClientHostingExtensions.UseDynamicDbClient"/> runs, so a bad setting fails at once with the
/// setting named.
/// </summary>
public sealed class DynamicDbClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:Client";

    /// <summary>The gateway of a silo started with its defaults (<c>dotnet run --project silo</c>).</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

    /// <summary>
    /// The silos' gateway endpoints, <c>host:port</c> (<c>Orleans:Endpoints:GatewayPort</c> of each silo), e.g.
    /// <c>127.0.0.1:30000</c>; a host name is resolved once, at start-up. Default: empty, which means
    /// <see cref="DefaultGateway"/> unless <see cref="RedisConnectionString"/> is set. Set one or the other, not both.
    /// </summary>
    public IList<string> Gateways { get; set; } = [];

    /// <summary>
    /// The Redis of a cluster (<c>DynamicDb:Cluster:RedisConnectionString</c> of its silos): the client reads the live
    /// gateways from the membership table there and follows silos joining and leaving. Default: empty (fixed gateways).
    /// </summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>
    /// The cluster id, which must equal the silos' <c>Orleans:ClusterId</c>: it selects the cluster's membership table in
    /// Redis, and a gateway refuses a client of another cluster. Default: empty, Orleans' own default (<c>default</c>),
    /// which is also the silos' default.
    /// </summary>
    public string? ClusterId { get; set; }

    /// <summary>The service id (<c>Orleans:ServiceId</c> of the silos). Default: empty, Orleans' own default.</summary>
    public string? ServiceId { get; set; }

    /// <summary>
    /// How long a call waits for its answer when the grain method sets no longer limit (the database grain's methods
    /// allow 2–5 minutes for statements). Default: 30 seconds.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long opening a connection to a gateway (TLS handshake included) may take. Default: 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long start-up keeps trying to reach a gateway (and to finish the first exchange with it) before the host
    /// fails to start with the last connection error. Default: 30 seconds.
    /// </summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>TLS to the gateways (<c>DynamicDb:Client:Tls</c>). Default: off.</summary>
    public DynamicDbClientTlsOptions Tls { get; set; } = new();

    /// <summary>The full name of a setting, e.g. <c>DynamicDb:Client:Gateways</c>.</summary>
    public static string Setting(string name) => $"{SectionName}:{name}";
}
