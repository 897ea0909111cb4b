using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Runtime.Cluster;
using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Testing;

/// <summary>
/// Silos hosted in the test process, with a client. One silo uses localhost clustering; several silos form a real
/// cluster over loopback TCP, sharing one in-memory membership table and grain directory (unless a configurator
/// chooses Redis or ADO.NET clustering). Restarting a silo keeps its configuration, so durable state and reminders
/// can be checked across restarts.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly Action<ISiloBuilder>[] _configure;
    private readonly List<SiloHandle> _silos = [];
    private readonly InMemoryMembershipTable _membership = new("test");
    private readonly InMemoryGrainDirectory _directory = new();
    private int _siloCounter;

    internal TestCluster(TestClusterOptions options, Action<ISiloBuilder>[] configure)
    {
        _options = options;
        _configure = configure;
    }

    public IReadOnlyList<SiloHandle> Silos => _silos.Where(s => s.IsActive).ToList();

    public SiloHandle Primary => Silos.FirstOrDefault() ?? throw new InvalidOperationException("The test cluster has no running silo; call DeployAsync or RestartSiloAsync.");

    /// <summary>A client connected to the cluster.</summary>
    public IClusterClient Client => Primary.ServiceProvider.GetRequiredService<IClusterClient>();

    public IGrainFactory GrainFactory => Client;

    public IServiceProvider ServiceProvider => Primary.ServiceProvider;

    /// <summary>True when the silos form a cluster (more than one silo was asked for).</summary>
    public bool IsClustered => _options.InitialSilosCount > 1;

    public async Task DeployAsync()
    {
        for (var i = 0; i < _options.InitialSilosCount; i++)
        {
            await StartSiloAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts one more silo that joins the cluster.</summary>
    public Task<SiloHandle> StartAdditionalSiloAsync() => IsClustered
        ? StartSiloAsync()
        : throw new InvalidOperationException("StartAdditionalSiloAsync needs a clustered test cluster: set Options.InitialSilosCount above 1.");

    /// <summary>Stops the silo gracefully (every activation is deactivated) and starts a new one with the same configuration.</summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo)
    {
        await StopSiloAsync(silo).ConfigureAwait(false);
        return await StartSiloAsync().ConfigureAwait(false);
    }

    /// <summary>Stops a silo gracefully.</summary>
    public async Task StopSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.IsActive)
        {
            return;
        }

        silo.IsActive = false;
        await silo.Host.StopAsync().ConfigureAwait(false);
        silo.Host.Dispose();
    }

    /// <summary>
    /// Drops a silo like a crash of its process: its transport closes at once (calls in flight fail fast), it writes no
    /// more heartbeats and leaves no row behind; the others must notice and declare it dead. Its in-process objects
    /// are then disposed.
    /// </summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.IsActive = false;
        await silo.ServiceProvider.GetRequiredService<Silo>().KillAsync().ConfigureAwait(false);
        silo.Host.Dispose();
    }

    /// <summary>The silo's cluster address (clustered test clusters only).</summary>
    public static SiloAddress AddressOf(SiloHandle silo) => silo.ServiceProvider.GetRequiredService<LocalSiloDetails>().SiloAddress;

    /// <summary>The grain runtime's view of a silo's membership (clustered test clusters only).</summary>
    public static MembershipSnapshot MembershipOf(SiloHandle silo) =>
        silo.ServiceProvider.GetRequiredService<ClusterSilo>().Agent?.Snapshot ?? MembershipSnapshot.Empty;

    public async Task StopAllSilosAsync()
    {
        foreach (var silo in _silos.Where(s => s.IsActive).ToList())
        {
            await StopSiloAsync(silo).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAllSilosAsync().ConfigureAwait(false);

    private async Task<SiloHandle> StartSiloAsync()
    {
        var name = $"silo{Interlocked.Increment(ref _siloCounter)}";

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(_options.Configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            if (IsClustered)
            {
                silo.UseInMemoryClustering(_membership, _directory);
                silo.Configure<EndpointOptions>(o => o.SiloPort = 0);
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                    o.TableRefreshTimeout = TimeSpan.FromMilliseconds(500);
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
                });
            }

            foreach (var configure in _configure)
            {
                configure(silo);
            }
        });
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var handle = new SiloHandle(name, host);
        _silos.Add(handle);
        return handle;
    }
}
