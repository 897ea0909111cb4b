using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.Safety;
using Orleans.DynamicDb.Engines.Postgres;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Safety;

/// <summary>
/// Opens the same <see cref="PostgresDatabaseConnection"/> the engines use on a member of a replication group (database
/// 'postgres', pooled, no command timeout, sessions named <paramref name="applicationName"/> so a test can find them in
/// pg_stat_activity), with write tracking when <paramref name="safety"/> is given.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class GroupDatabase
{
    public static IDatabaseConnection Open(
        ReplicationGroup group, string member, WriteSafety? safety, string applicationName, string? options = null, int commandTimeout = 0) =>
        Open(new NpgsqlConnectionStringBuilder(group.ConnectionString(member)) { Options = options }.ConnectionString, safety, applicationName, commandTimeout);

    public static IDatabaseConnection Open(string connectionString, WriteSafety? safety, string applicationName, int commandTimeout = 0)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = true,
            CommandTimeout = commandTimeout,
            ApplicationName = applicationName,
        };
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        return new PostgresDatabaseConnection(DatabaseName.Create("app", "db"), "ha", dataSource, _ => dataSource.DisposeAsync().AsTask(),
            NullLogger.Instance, null, "postgres-ha", safety);
    }

    /// <summary>Tracking with a 1-second synchronous standby bound (or <paramref name="syncStandbyTimeout"/>).</summary>
    public static WriteSafety Tracking(TimeSpan? syncStandbyTimeout = null) =>
        new(new FailoverOptions { SyncStandbyTimeout = syncStandbyTimeout ?? TimeSpan.FromSeconds(1) });

    /// <summary>The pid of the one session named <paramref name="applicationName"/> that matches <paramref name="condition"/>, once there is one.</summary>
    public static async Task<int> WaitForSessionAsync(ReplicationGroupFixture fixture, string member, string applicationName, string condition, string because)
    {
        var pid = 0;
        await TestInfrastructure.Eventually.True(async () =>
        {
            pid = await fixture.ScalarAsync<int?>(member,
                $"SELECT pid FROM pg_stat_activity WHERE application_name = '{applicationName}' AND {condition} LIMIT 1") ?? 0;
            return pid != 0;
        }, because);
        return pid;
    }
}
