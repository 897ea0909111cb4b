namespace Orleans.DynamicDb.Runtime.Client;

/// <summary>How a cluster client finds and uses gateways. Section: <c>Orleans:Client</c>.</summary>
public sealed class ClientOptions
{
    public const string SectionName = "Orleans:Client";

    /// <summary>
    /// The client's id, sent to gateways in the connection handshake and seen in their logs. Default: null, meaning
    /// "client-{machine name}-{a new GUID}".
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// How often the gateway list is read again from the membership table (membership clustering only).
    /// Default: 30 seconds. Range: 100 ms–1 hour.
    /// </summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a gateway that failed is left out of the rotation before it is tried again. While every gateway is
    /// down, the downed ones are still tried as a last resort. Default: 5 seconds. Range: 10 ms–1 hour.
    /// </summary>
    public TimeSpan GatewayRetryPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws an exception naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (ClientId is not null && string.IsNullOrWhiteSpace(ClientId))
        {
            throw new ArgumentException($"{SectionName}:{nameof(ClientId)} must not be blank; leave it unset for a generated id.", nameof(ClientId));
        }

        Range(GatewayListRefreshPeriod, TimeSpan.FromMilliseconds(100), nameof(GatewayListRefreshPeriod));
        Range(GatewayRetryPeriod, TimeSpan.FromMilliseconds(10), nameof(GatewayRetryPeriod));
    }

    private static void Range(TimeSpan value, TimeSpan min, string name)
    {
        if (value < min || value > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{SectionName}:{name} must be between {min.TotalMilliseconds} ms and 1 hour.");
        }
    }
}
