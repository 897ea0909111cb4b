using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>Makes <see cref="ClusterReplicationGroup"/>s for the silo it runs in.</summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ClusterReplicationGroupFactory(
    IGrainFactory grains, ILocalSiloDetails silo, IOptions<ClusterReplicationOptions> cluster, ILoggerFactory loggers) : IReplicationGroupFactory
{
    public IReplicationGroup Create(EngineOptions options) => new ClusterReplicationGroup(options, grains, silo.SiloAddress, cluster.Value, loggers);
}
