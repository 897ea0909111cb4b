using Orleans.DynamicDb.Providers.Storage;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Providers.Tests.Infrastructure;

/// <summary>Starts an in-process Orleans cluster whose grain storage and reminders use the product's ADO.NET providers.</summary>
public static class TestClusters
{
    /// <summary>The shortest reminder period these tests let Orleans accept (Orleans' default minimum is one minute).</summary>
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(1);

    public static async Task<InProcessTestCluster> StartAsync(string serviceId, Action<DynamicDbStorageOptions> configure, short silos = 1)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseDynamicDbAdoNetStorage(configure);
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = ReminderPeriod);
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static string NewServiceId() => "svc-" + Guid.NewGuid().ToString("N")[..10];
}
