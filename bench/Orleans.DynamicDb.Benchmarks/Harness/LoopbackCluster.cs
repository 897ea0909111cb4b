using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// Two Orleans silos in this process joined over Orleans' real loopback TCP transport (<c>UseLocalhostClustering</c>:
/// the first silo keeps the development membership table), each in its own host on free ports, and a remote client
/// in its own host that connects to the first silo's gateway (<c>UseStaticClustering</c>), as the old runtime's
/// two-silo <c>TestCluster</c> and <c>ClientBuilder.UseStaticClustering</c> did. <c>InProcessTestCluster</c> cannot
/// be used for this: it swaps the silos' and the client's sockets for its in-memory transport.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    private readonly List<IHost> _hosts;

    private LoopbackCluster(List<IHost> hosts) => _hosts = hosts;

    /// <summary>Silo <c>i</c>'s own client (calls from it start on that silo).</summary>
    public IClusterClient SiloClient(int silo) => _hosts[silo].Services.GetRequiredService<IClusterClient>();

    /// <summary>The remote client, connected to the first silo's gateway.</summary>
    public IClusterClient Client => _hosts[^1].Services.GetRequiredService<IClusterClient>();

    /// <summary>The name of silo <c>i</c>, as <see cref="Grains.IPingGrain.SiloName"/> answers it.</summary>
    public string SiloName(int silo) => _hosts[silo].Services.GetRequiredService<ILocalSiloDetails>().Name;

    /// <summary>Starts the silos and the client; <paramref name="configureSilo"/> and <paramref name="configureClient"/> add to Orleans' defaults.</summary>
    public static async Task<LoopbackCluster> StartAsync(int silos, Action<ISiloBuilder>? configureSilo = null, Action<IClientBuilder>? configureClient = null)
    {
        var serviceId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var hosts = new List<IHost>();
        try
        {
            IPEndPoint? primary = null;
            IPEndPoint? firstGateway = null;
            for (var i = 0; i < silos; i++)
            {
                var siloPort = FreePort.Next();
                var gatewayPort = FreePort.Next();
                var primaryEndpoint = primary ?? new IPEndPoint(IPAddress.Loopback, siloPort);
                var name = $"bench-silo-{i}";
                var host = Host.CreateDefaultBuilder()
                    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
                    .UseOrleans(silo => silo
                        .UseLocalhostClustering(siloPort, gatewayPort, primaryEndpoint, serviceId, serviceId)
                        .Configure<SiloOptions>(o => o.SiloName = name)
                        .Apply(configureSilo))
                    .Build();
                await host.StartAsync();
                hosts.Add(host);
                primary = primaryEndpoint;
                firstGateway ??= new IPEndPoint(IPAddress.Loopback, gatewayPort);
            }

            var client = Host.CreateDefaultBuilder()
                .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
                .UseOrleansClient(c => c
                    .UseStaticClustering(firstGateway!)
                    .Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = serviceId;
                        o.ServiceId = serviceId;
                    })
                    .Apply(configureClient))
                .Build();
            await client.StartAsync();
            hosts.Add(client);
            return new LoopbackCluster(hosts);
        }
        catch
        {
            await new LoopbackCluster(hosts).DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].StopAsync();
            _hosts[i].Dispose();
        }
    }
}
