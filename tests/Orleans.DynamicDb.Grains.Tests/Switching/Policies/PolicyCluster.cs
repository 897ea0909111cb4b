using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Alerts;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Providers.Storage;
using Orleans.DynamicDb.Switching.Policies;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Policies;

/// <summary>
/// A one-silo in-process cluster with two SQLite engines (<c>sqlite</c>, <c>sqlite2</c>), the switching policies, grain
/// state and reminders in a SQLite file under <c>dataDirectory</c> (so policies survive a restart of the cluster with the
/// same service id), reminders allowed down to 1 s, and the given requester as the switch side.
/// </summary>
public static class PolicyCluster
{
    public static async Task<InProcessTestCluster> StartAsync(string dataDirectory, string serviceId, IDictionary<string, string?> settings, RecordingSwitchRequester requester)
    {
        var all = new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = "sqlite",
            ["DynamicDb:Engines:0:Kind"] = "sqlite",
            ["DynamicDb:Engines:0:DataDirectory"] = Path.Combine(dataDirectory, "one"),
            ["DynamicDb:Engines:1:Id"] = "sqlite2",
            ["DynamicDb:Engines:1:Kind"] = "sqlite",
            ["DynamicDb:Engines:1:DataDirectory"] = Path.Combine(dataDirectory, "two"),
            ["DynamicDb:Databases:HibernationTimeout"] = "00:10:00",
            ["DynamicDb:Switching:EvaluationInterval"] = "00:00:01",
            ["DynamicDb:Switching:ReminderPeriod"] = "00:00:01",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = serviceId;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(all));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddDynamicDbDatabases(silo.Configuration, dataDirectory);
            silo.Services.AddDynamicDbSwitchingPolicies(silo.Configuration);
            silo.Services.AddDynamicDbAlerts(silo.Configuration);
            silo.Services.AddSingleton<ISwitchRequester>(requester);
            silo.Services.AddSingleton<ISwitchHistory>(requester);
            silo.UseDynamicDbAdoNetStorage(o =>
            {
                o.Engine = DynamicDbStorageEngine.Sqlite;
                o.SqlitePath = Path.Combine(dataDirectory, "orleans.db");
            });
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
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
}
