using System.Net;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Transport;

namespace Orleans.DynamicDb.Runtime.Tests.Transport;

/// <summary>Listeners and contexts on 127.0.0.1 for transport tests.</summary>
internal static class Loopback
{
    public static readonly WireSerializer Serializer = new();

    public static IPEndPoint AnyPort => new(IPAddress.Loopback, 0);

    public static TransportOptions Options(Action<TransportOptions>? configure = null)
    {
        var options = new TransportOptions();
        configure?.Invoke(options);
        return options;
    }

    public static TransportServices Client(string id = "test-client", IIncomingMessageHandler? handler = null, TransportOptions? options = null, TimeProvider? time = null) =>
        new(PeerIdentity.ForClient(id), Serializer, options ?? Options(), handler, time);

    /// <summary>A silo listener on a free port (or <paramref name="port"/>) whose identity carries the bound port.</summary>
    public static TransportListener Silo(IIncomingMessageHandler? handler, int port = 0, long generation = 1, TransportOptions? options = null, TimeProvider? time = null) =>
        new(new IPEndPoint(IPAddress.Loopback, port), endPoint =>
            new TransportServices(PeerIdentity.ForSilo(AddressOf(endPoint, generation)), Serializer, options ?? Options(), handler, time));

    public static SiloAddress AddressOf(IPEndPoint endPoint, long generation = 1) => new("127.0.0.1", endPoint.Port, generation);

    public static SiloAddress AddressOf(TransportListener listener) => listener.Services.LocalIdentity.Silo!.Value;
}
