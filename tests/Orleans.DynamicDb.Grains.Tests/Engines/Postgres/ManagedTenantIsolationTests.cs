using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>The same isolation on postgres-managed: inside each instance the tenant runs as its own role, not the instance's superuser.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class ManagedTenantIsolationTests(ManagedPostgresFixture fixture, ITestOutputHelper output)
    : TenantIsolationContract(output), IClassFixture<ManagedPostgresFixture>
{
    protected override IDatabaseEngine CreateEngine(Action<EngineOptions>? configure = null)
    {
        var options = fixture.Options();
        configure?.Invoke(options);
        return new ManagedPostgresEngine(options, Loggers.CreateLogger<ManagedPostgresEngine>());
    }

    protected override string AdminConnectionString(DatabaseName name, string? database = null)
    {
        var cluster = Path.Combine(fixture.DataDirectory, name.FullName, ManagedPostgresEngine.ClusterFolderName);
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = ((ManagedPostgresEngine)Engine).RunningInstances[name.FullName],
            Username = "postgres",
            Password = ((ManagedPostgresEngine)Engine).Secrets.ReadFile(Path.Combine(cluster, "dyndb_password"), Orleans.DynamicDb.Engines.Secrets.SecretPurposes.ManagedSuperuserPassword),
            Database = database ?? "postgres",
            Pooling = false,
        }.ConnectionString;
    }
}
