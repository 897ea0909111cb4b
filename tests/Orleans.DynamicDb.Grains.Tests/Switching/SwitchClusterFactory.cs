using Orleans.DynamicDb.Grains.Tests.Databases;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>Test clusters with two or more engines to switch between.</summary>
internal static class SwitchClusterFactory
{
    /// <summary>Two embedded SQLite engines, <c>sqlite</c> (the default, folder a/) and <c>sqlite2</c> (folder b/).</summary>
    public static Dictionary<string, string?> TwoSqlite(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = "sqlite",
            ["DynamicDb:Engines:0:Kind"] = "sqlite",
            ["DynamicDb:Engines:0:DataDirectory"] = "a",
            ["DynamicDb:Engines:0:Default"] = "true",
            ["DynamicDb:Engines:1:Id"] = "sqlite2",
            ["DynamicDb:Engines:1:Kind"] = "sqlite",
            ["DynamicDb:Engines:1:DataDirectory"] = "b",
            ["DynamicDb:Databases:HibernationTimeout"] = "00:10:00",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static Task<DatabaseTestCluster> StartAsync(string root, IDictionary<string, string?> settings) => DatabaseClusterFactory.StartAsync(root, settings);
}
