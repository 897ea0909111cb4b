namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>Limits and timings of silo-to-silo and client-to-silo connections. Section: <c>Orleans:Transport</c>.</summary>
public sealed class TransportOptions
{
    public const string SectionName = "Orleans:Transport";

    /// <summary>The largest frame (everything after the 4-byte length) sent or accepted. Default: 16 MiB. Range: 64 KiB–1 GiB.</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How many frames may wait to be written on one connection. When the queue is full, senders wait (back-pressure)
    /// instead of buffering without bound. Default: 1024. Range: 1–1,000,000.
    /// </summary>
    public int OutboundQueueCapacity { get; set; } = 1024;

    /// <summary>How often each side sends a Ping. Default: 5 seconds. <see cref="Timeout.InfiniteTimeSpan"/> sends none.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a connection may receive nothing at all (no frame, no Pong) before it is considered dead and closed,
    /// failing its pending requests. Default: 20 seconds; must exceed <see cref="PingInterval"/>.
    /// <see cref="Timeout.InfiniteTimeSpan"/> never gives up on a silent peer.
    /// </summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long opening a TCP connection may take. Default: 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the handshake may take once connected. Default: 5 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often pending requests are checked against their timeouts (so a request times out up to this much
    /// late). Default: 200 ms. Range: 10 ms–10 s.
    /// </summary>
    public TimeSpan TimeoutCheckInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Throws an exception naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (MaxFrameSize is < 64 * 1024 or > 1024 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrameSize), MaxFrameSize, $"{SectionName}:MaxFrameSize must be between 64 KiB and 1 GiB.");
        }

        if (OutboundQueueCapacity is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(OutboundQueueCapacity), OutboundQueueCapacity, $"{SectionName}:OutboundQueueCapacity must be between 1 and 1,000,000.");
        }

        RequirePositive(PingInterval, nameof(PingInterval), allowInfinite: true);
        RequirePositive(PingTimeout, nameof(PingTimeout), allowInfinite: true);
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout), allowInfinite: false);
        RequirePositive(HandshakeTimeout, nameof(HandshakeTimeout), allowInfinite: false);
        if (PingTimeout != Timeout.InfiniteTimeSpan && PingInterval != Timeout.InfiniteTimeSpan && PingTimeout <= PingInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(PingTimeout), PingTimeout, $"{SectionName}:PingTimeout must be longer than PingInterval ({PingInterval}).");
        }

        if (TimeoutCheckInterval < TimeSpan.FromMilliseconds(10) || TimeoutCheckInterval > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(TimeoutCheckInterval), TimeoutCheckInterval, $"{SectionName}:TimeoutCheckInterval must be between 10 ms and 10 s.");
        }
    }

    private static void RequirePositive(TimeSpan value, string name, bool allowInfinite)
    {
        if (value <= TimeSpan.Zero && !(allowInfinite && value == Timeout.InfiniteTimeSpan))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{SectionName}:{name} must be positive{(allowInfinite ? " or infinite" : string.Empty)}.");
        }
    }
}
