using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.DynamicDb.Providers.Schema;
using Orleans.DynamicDb.Providers.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Providers.Tests.Schema;

/// <summary>The schema installer on a real SQLite file and real PostgreSQL databases.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DynamicDbSchemaInstallerTests(PostgresFixture postgres)
{
    private const string QueryCount = "SELECT COUNT(*) FROM OrleansQuery";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Installing_twice_applies_each_script_once_and_records_the_schema_version(string engine)
    {
        await using var target = await StorageTarget.CreateAsync(engine, postgres);

        var first = await Installer(target).InstallAsync();
        var second = await Installer(target).InstallAsync();

        Assert.Equal(0, first.PreviousVersion);
        Assert.Equal(["001-initial.sql"], first.Applied);
        Assert.Equal(1, first.CurrentVersion);
        Assert.Equal(1, second.PreviousVersion);
        Assert.Empty(second.Applied);
        Assert.Equal(1, await target.CountAsync($"SELECT COUNT(*) FROM {DynamicDbSchemaInstaller.VersionTable}"));
        Assert.Equal(SchemaScripts.StorageQueryKeys.Count + SchemaScripts.ReminderQueryKeys.Count, await target.CountAsync(QueryCount));
        if (target.SqlitePath is not null)
        {
            Assert.True(File.Exists(target.SqlitePath), "the SQLite file (and its missing folders) is created");
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Three_installers_racing_on_one_fresh_database_all_succeed(string engine)
    {
        await using var target = await StorageTarget.CreateAsync(engine, postgres);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await Installer(target).InstallAsync();
        })).ToArray();

        start.SetResult();
        var results = await Eventually.Within(Task.WhenAll(runs), "three racing installers");

        Assert.Single(results, r => r.Applied.Count == 1);
        Assert.All(results, r => Assert.Equal(1, r.CurrentVersion));
        Assert.Equal(1, await target.CountAsync($"SELECT COUNT(*) FROM {DynamicDbSchemaInstaller.VersionTable}"));
        Assert.Equal(SchemaScripts.StorageQueryKeys.Count + SchemaScripts.ReminderQueryKeys.Count, await target.CountAsync(QueryCount));
    }

    [Fact]
    public async Task PostgreSQL_installers_wait_on_the_advisory_lock_and_then_all_succeed()
    {
        await using var target = await StorageTarget.PostgresAsync(postgres);
        await using var holder = new NpgsqlConnection(target.PostgresConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({DynamicDbSchemaInstaller.PostgresLockKey})", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        var runs = Enumerable.Range(0, 3).Select(_ => Task.Run(() => Installer(target).InstallAsync())).ToArray();

        // All three are blocked on the lock (not failed, not finished) before anything was created.
        await Eventually.True(async () => await WaitersAsync(target) == 3, "three installers wait on the advisory lock");
        Assert.All(runs, r => Assert.False(r.IsCompleted));
        Assert.Null(await target.ScalarAsync("SELECT to_regclass('orleansquery')::text"));

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({DynamicDbSchemaInstaller.PostgresLockKey})", holder))
        {
            await release.ExecuteNonQueryAsync();
        }

        var results = await Eventually.Within(Task.WhenAll(runs), "installers after the lock is released");
        Assert.Single(results, r => r.Applied.Count == 1);
        Assert.Equal(1, await target.CountAsync($"SELECT COUNT(*) FROM {DynamicDbSchemaInstaller.VersionTable}"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_query_row_removed_by_hand_stops_the_install_with_the_missing_key_named(string engine)
    {
        await using var target = await StorageTarget.CreateAsync(engine, postgres);
        await Installer(target).InstallAsync();
        await target.ExecuteAsync("DELETE FROM OrleansQuery WHERE QueryKey = 'ClearStorageKey'");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Installer(target).InstallAsync());

        Assert.Contains("ClearStorageKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await target.CountAsync("SELECT COUNT(*) FROM OrleansQuery WHERE QueryKey = 'ClearStorageKey'"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_database_with_a_newer_schema_version_is_refused_and_left_as_it_is(string engine)
    {
        await using var target = await StorageTarget.CreateAsync(engine, postgres);
        await Installer(target).InstallAsync();
        await target.ExecuteAsync($"INSERT INTO {DynamicDbSchemaInstaller.VersionTable} (Version, Script, AppliedOn) VALUES (7, '007-future.sql', 'later')");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Installer(target).InstallAsync());

        Assert.Contains("schema version 7, newer than this build knows (1)", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, await target.CountAsync($"SELECT COUNT(*) FROM {DynamicDbSchemaInstaller.VersionTable}"));
    }

    private static DynamicDbSchemaInstaller Installer(StorageTarget target) =>
        new(Options.Create(target.Options()), TimeProvider.System, NullLogger<DynamicDbSchemaInstaller>.Instance);

    private static async Task<long> WaitersAsync(StorageTarget target) => await target.CountAsync(
        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
}
