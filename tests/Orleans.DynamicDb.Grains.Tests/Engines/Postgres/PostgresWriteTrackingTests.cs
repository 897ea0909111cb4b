using System.Diagnostics;
using System.Runtime.Versioning;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Engines.Ha;
using Orleans.DynamicDb.Grains.Tests.Engines.Ha.Safety;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>
/// A PostgreSQL database connection with write tracking on the primary of a real replication group: results are the
/// same as untracked, and a commit no synchronous standby confirms fails with engine.no_sync_standby after the bound.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PostgresWriteTrackingTests : IClassFixture<ReplicationGroupFixture>
{
    private readonly ReplicationGroupFixture _fixture;
    private readonly ITestOutputHelper _output;

    public PostgresWriteTrackingTests(ReplicationGroupFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        fixture.Attach(output);
    }

    private ReplicationGroup Group => _fixture.Group;

    [Fact]
    public async Task Tracked_writes_answer_what_untracked_ones_do()
    {
        await using var database = GroupDatabase.Open(Group, Group.Primary, GroupDatabase.Tracking(), "tracking-results");
        await database.ExecAsync(new Statement("CREATE TABLE tracked (id serial PRIMARY KEY, v text)", []));

        var inserted = await database.ExecAsync(new Statement("INSERT INTO tracked (v) VALUES (?), (?)", ["a", "b"]));
        var updated = await database.ExecAsync(new Statement("UPDATE tracked SET v = 'c' WHERE id = ?", [1]));
        var returned = await database.QueryAsync(new Statement("INSERT INTO tracked (v) VALUES ('d') RETURNING id", []));
        var transaction = await database.TransactionAsync([new Statement("INSERT INTO tracked (v) VALUES ('e')", []), new Statement("DELETE FROM tracked WHERE v = 'b'", [])]);
        var failure = await Assert.ThrowsAsync<DynamicDbException>(() => database.TransactionAsync(
            [new Statement("INSERT INTO tracked (v) VALUES ('f')", []), new Statement("INSERT INTO tracked (id, v) VALUES (1, 'dup')", [])]));

        Assert.Equal((2L, (long?)2), (inserted.RowsAffected, inserted.LastInsertId));
        Assert.Equal(1L, updated.RowsAffected);
        Assert.Equal(3, Convert.ToInt32(returned.Rows[0][0]));
        Assert.Equal([(1L, (long?)4), (1L, null)], transaction.Select(r => (r.RowsAffected, r.LastInsertId)));
        Assert.Equal(ErrorCodes.SqlError, failure.ErrorCode);
        Assert.StartsWith("Statement 2 of 2 failed", failure.Message, StringComparison.Ordinal);
        Assert.Equal("c d e", await _fixture.ScalarAsync<string>(Group.Primary, "SELECT string_agg(v, ' ' ORDER BY v) FROM tracked"));
    }

    [Fact]
    public async Task Writes_fail_with_no_sync_standby_after_the_bound_when_every_standby_is_down_and_succeed_when_one_returns()
    {
        var primary = Group.Primary;
        var standbys = Group.Members.Where(m => m != primary).ToList();
        await using var database = GroupDatabase.Open(Group, primary, GroupDatabase.Tracking(TimeSpan.FromSeconds(1)), "tracking-sync");
        await database.ExecAsync(new Statement("CREATE TABLE sync_bound (id serial PRIMARY KEY, v text)", []));
        DynamicDbException failure;
        foreach (var standby in standbys)
        {
            await Group.StopMemberAsync(standby);
        }

        try
        {
            failure = await Assert.ThrowsAsync<DynamicDbException>(() => Eventually.Within(
                database.ExecAsync(new Statement("INSERT INTO sync_bound (v) VALUES ('unacknowledged')", [])), "the write without a standby"));
            Assert.Equal(0L, await _fixture.ScalarAsync<long>(primary,
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tracking-sync' AND wait_event = 'SyncRep'"));
        }
        finally
        {
            await Group.StartAsync();
        }

        _output.WriteLine(failure.Message);
        Assert.Equal((ErrorCodes.EngineNoSyncStandby, true), (failure.ErrorCode, failure.IsTransient));
        Assert.Contains("engine ha was not acknowledged", failure.Message, StringComparison.Ordinal);

        // One standby is enough for ANY 1: with the other still down, writes are acknowledged again.
        await Group.StopMemberAsync(standbys[1]);
        try
        {
            var result = await Eventually.Within(database.ExecAsync(new Statement("INSERT INTO sync_bound (v) VALUES ('acknowledged')", [])), "the write with one standby");
            Assert.Equal(1L, result.RowsAffected);
        }
        finally
        {
            await Group.StartAsync();
        }
    }

    [Fact]
    public async Task A_long_write_that_does_not_wait_for_a_standby_is_not_cancelled_by_the_bound()
    {
        await using var database = GroupDatabase.Open(Group, Group.Primary, GroupDatabase.Tracking(TimeSpan.FromMilliseconds(500)), "tracking-long");
        await database.ExecAsync(new Statement("CREATE TABLE long_write (id int PRIMARY KEY, n int); INSERT INTO long_write VALUES (1, 0)", []));

        var result = await database.ExecAsync(new Statement("UPDATE long_write SET n = n + 1 FROM pg_sleep(1.5) WHERE id = 1", []));

        Assert.Equal(1L, result.RowsAffected);
    }

    [Fact]
    public async Task The_cost_of_tracking_is_one_round_trip_per_write()
    {
        const int writes = 300;
        await using var plain = GroupDatabase.Open(Group, Group.Primary, null, "tracking-cost-plain");
        await using var tracked = GroupDatabase.Open(Group, Group.Primary, GroupDatabase.Tracking(), "tracking-cost-tracked");
        await plain.ExecAsync(new Statement("CREATE TABLE cost (id serial PRIMARY KEY, n int)", []));
        await plain.ExecAsync(new Statement("INSERT INTO cost (n) SELECT 0 FROM generate_series(1, 10)", []));

        var measured = new Dictionary<string, double>();
        foreach (var (name, database, sql) in new[]
        {
            ("plain update", plain, "UPDATE cost SET n = n + 1 WHERE id = 1"), ("tracked update", tracked, "UPDATE cost SET n = n + 1 WHERE id = 2"),
            ("plain insert", plain, "INSERT INTO cost (n) VALUES (1)"), ("tracked insert", tracked, "INSERT INTO cost (n) VALUES (2)"),
            ("plain read", plain, "SELECT n FROM cost WHERE id = 1"), ("tracked read", tracked, "SELECT n FROM cost WHERE id = 2"),
        })
        {
            var statement = new Statement(sql, []);
            for (var i = 0; i < 20; i++)
            {
                await Run(database, statement);
            }

            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < writes; i++)
            {
                await Run(database, statement);
            }

            measured[name] = Stopwatch.GetElapsedTime(started).TotalMicroseconds / writes;
        }

        foreach (var (name, micros) in measured)
        {
            _output.WriteLine($"{name}: {micros:F0} µs per statement (mean of {writes}, synchronous commit to a standby on loopback)");
        }

        Assert.Equal(writes + 20, await _fixture.ScalarAsync<int>(Group.Primary, "SELECT n FROM cost WHERE id = 2"));

        static Task Run(Orleans.DynamicDb.Engines.IDatabaseConnection database, Statement statement) =>
            statement.Sql.StartsWith("SELECT", StringComparison.Ordinal) ? database.QueryAsync(statement) : database.ExecAsync(statement);
    }
}
