using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Runtime.Hosting;

namespace Orleans.DynamicDb.Runtime.Testing;

/// <summary>
/// Silos hosted in the test process, with a client. Today a cluster has one silo (several come with clustering);
/// restarting a silo keeps its configuration, so durable state and reminders can be checked across restarts.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly Action<ISiloBuilder>[] _configure;
    private readonly List<SiloHandle> _silos = [];
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

    public async Task DeployAsync()
    {
        if (_options.InitialSilosCount > 1)
        {
            throw new NotSupportedException($"A test cluster of {_options.InitialSilosCount} silos needs silo-to-silo clustering, which this runtime does not have yet; use 1.");
        }

        await StartSiloAsync().ConfigureAwait(false);
    }

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

    /// <summary>Drops a silo without any graceful step: no deactivation runs, like a crash of its process.</summary>
    public Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.IsActive = false;
        silo.Host.Dispose();
        return Task.CompletedTask;
    }

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
