using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Runtime.Serialization;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// What every connection of one process shares: who this side is, how payloads are serialized, the limits, who
/// handles incoming requests, the clock and the logs. One per silo or client, given to <see cref="TransportListener"/>,
/// <see cref="ConnectionManager"/> and <see cref="Connection.ConnectAsync"/>.
/// </summary>
public sealed class TransportServices
{
    public TransportServices(
        PeerIdentity localIdentity,
        WireSerializer serializer,
        TransportOptions options,
        IIncomingMessageHandler? handler = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(localIdentity);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        LocalIdentity = localIdentity;
        Serializer = serializer;
        Options = options;
        Handler = handler;
        TimeProvider = timeProvider ?? TimeProvider.System;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>This side's identity, sent in every handshake.</summary>
    public PeerIdentity LocalIdentity { get; }

    public WireSerializer Serializer { get; }

    public TransportOptions Options { get; }

    /// <summary>Runs requests that arrive; null on a side that only sends (requests to it are rejected as SiloUnavailable).</summary>
    public IIncomingMessageHandler? Handler { get; }

    public TimeProvider TimeProvider { get; }

    public ILoggerFactory LoggerFactory { get; }
}
