namespace Orleans.DynamicDb.Client;

/// <summary>
/// The entry point for code that calls DynamicDb grains. <b>In-process only for now:</b> it wraps the
/// <see cref="IClusterClient"/> of a silo hosted in the same process, so calls never leave the process. A client that
/// connects to a remote silo arrives with clustering; code written against this type keeps working then.
/// </summary>
public sealed class DynamicDbClient
{
    /// <summary>Wraps <paramref name="cluster"/>, the cluster client of a silo in this process.</summary>
    public DynamicDbClient(IClusterClient cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        Cluster = cluster;
    }

    /// <summary>The underlying cluster client, for grains this facade does not cover yet.</summary>
    public IClusterClient Cluster { get; }

    /// <summary>A reference to the grain with this key; the grain activates on its first call.</summary>
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Cluster.GetGrain<TGrainInterface>(key);
    }
}
