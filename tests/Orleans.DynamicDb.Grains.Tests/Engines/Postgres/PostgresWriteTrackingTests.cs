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
        Assert.Equal((ErrorCodes.EngineNoSyncStandby, false), (failure.ErrorCode, failure.IsTransient));
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

    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    public async Task The_cost_of_tracking_is_measured_against_untracked_statements(string synchronousCommit)
    {
        const int writes = 300;
        var options = $"-c synchronous_commit={synchronousCommit}";
        await using var plain = GroupDatabase.Open(Group, Group.Primary, null, "tracking-cost-plain", options);
        await using var tracked = GroupDatabase.Open(Group, Group.Primary, GroupDatabase.Tracking(), "tracking-cost-tracked", options);
        var table = $"cost_{synchronousCommit}";
        await plain.ExecAsync(new Statement($"CREATE TABLE {table} (id serial PRIMARY KEY, n int)", []));
        await plain.ExecAsync(new Statement($"INSERT INTO {table} (n) SELECT 0 FROM generate_series(1, 10)", []));

        // Plain and tracked alternate statement by statement, so both see the same load on a shared machine; medians.
        var pairs = new[]
        {
            ("update", $"UPDATE {table} SET n = n + 1 WHERE id = 1", $"UPDATE {table} SET n = n + 1 WHERE id = 2"),
            ("insert", $"INSERT INTO {table} (n) VALUES (1)", $"INSERT INTO {table} (n) VALUES (2)"),
            ("read", $"SELECT n FROM {table} WHERE id = 1", $"SELECT n FROM {table} WHERE id = 2"),
        };
        foreach (var (name, plainSql, trackedSql) in pairs)
        {
            var (plainStatement, trackedStatement) = (new Statement(plainSql, []), new Statement(trackedSql, []));
            var (plainTimes, trackedTimes) = (new List<double>(), new List<double>());
            for (var i = 0; i < writes + 20; i++)
            {
                var plainTime = await TimeAsync(plain, plainStatement);
                var trackedTime = await TimeAsync(tracked, trackedStatement);
                if (i >= 20)
                {
                    plainTimes.Add(plainTime);
                    trackedTimes.Add(trackedTime);
                }
            }

            _output.WriteLine($"synchronous_commit={synchronousCommit}, {name}: plain median {Median(plainTimes):F0} µs, tracked median {Median(trackedTimes):F0} µs " +
                $"(p90 {Percentile(plainTimes, 0.9):F0} / {Percentile(trackedTimes, 0.9):F0} µs; {writes} each, one client, loopback)");
        }

        Assert.Equal(writes + 20, await _fixture.ScalarAsync<int>(Group.Primary, $"SELECT n FROM {table} WHERE id = 2"));

        static async Task<double> TimeAsync(Orleans.DynamicDb.Engines.IDatabaseConnection database, Statement statement)
        {
            var started = Stopwatch.GetTimestamp();
            _ = statement.Sql.StartsWith("SELECT", StringComparison.Ordinal) ? await database.QueryAsync(statement) : (object)await database.ExecAsync(statement);
            return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        static double Median(List<double> values) => Percentile(values, 0.5);

        static double Percentile(List<double> values, double p) => values.Order().ElementAt((int)Math.Min(values.Count - 1, Math.Floor(p * values.Count)));
    }
}
