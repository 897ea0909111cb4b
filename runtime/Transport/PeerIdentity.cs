using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>Who is at the other end of a connection: a silo (by its <see cref="SiloAddress"/>) or a cluster client (by its id).</summary>
public sealed record PeerIdentity
{
    private PeerIdentity(SiloAddress? silo, string? clientId)
    {
        Silo = silo;
        ClientId = clientId;
    }

    /// <summary>The silo, or null for a client.</summary>
    public SiloAddress? Silo { get; }

    /// <summary>The client id, or null for a silo.</summary>
    public string? ClientId { get; }

    public bool IsClient => ClientId is not null;

    public static PeerIdentity ForSilo(SiloAddress silo)
    {
        ArgumentException.ThrowIfNullOrEmpty(silo.Host);
        return new PeerIdentity(silo, null);
    }

    public static PeerIdentity ForClient(string clientId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        return new PeerIdentity(null, clientId);
    }

    public override string ToString() => Silo is { } silo ? $"silo {silo}" : $"client {ClientId}";
}
