using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>This silo's identity in the cluster, known once its transport listener has bound its port.</summary>
public sealed class LocalSiloDetails
{
    private SiloAddress? _address;

    /// <summary>The silo's address; set once when it starts.</summary>
    public SiloAddress SiloAddress
    {
        get => _address ?? throw new InvalidOperationException("The silo's address is not known yet: its transport has not started.");
        set => _address = _address is null ? value : throw new InvalidOperationException($"The silo's address is already {_address}.");
    }

    public bool HasAddress => _address is not null;

    /// <summary>A name for people (logs, dashboard). Default: the machine name.</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>The port clients (the remote client library) connect to; 0 when none.</summary>
    public int GatewayPort { get; set; }

    /// <summary>The silo's HTTP base address, if it serves HTTP.</summary>
    public string? HttpAddress { get; set; }
}
