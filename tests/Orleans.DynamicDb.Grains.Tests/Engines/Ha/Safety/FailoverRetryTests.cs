using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.Safety;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Safety;

/// <summary>
/// <see cref="FailoverRetry"/> against a real replication group: writes whose session is terminated before or after their
/// commit, writes with no tracking, reads, and connections that cannot be opened.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class FailoverRetryTests : IClassFixture<ReplicationGroupFixture>
{
    private readonly ReplicationGroupFixture _fixture;
    private readonly ITestOutputHelper _output;

    public FailoverRetryTests(ReplicationGroupFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        fixture.Attach(output);
    }

    private ReplicationGroup Group => _fixture.Group;

    [Fact]
    public async Task A_write_whose_session_dies_before_its_commit_is_retried_once_and_applied_once()
    {
        var primary = Group.Primary;
        await _fixture.ExecuteAsync(primary, "CREATE TABLE before_commit (id int PRIMARY KEY, n int); INSERT INTO before_commit VALUES (1, 0)");
        await using var database = GroupDatabase.Open(Group, primary, GroupDatabase.Tracking(), "safety-before-commit");
        var calls = 0;

        var (write, holder) = await StartBlockedAsync(primary, "before_commit", "UPDATE before_commit SET n = n + 1 WHERE id = 1", database, "safety-before-commit", () => calls++);
        var result = await Eventually.Within(write, "the retried write");

        Assert.Equal((1L, 2), (result.RowsAffected, calls));
        Assert.Equal(1, await _fixture.ScalarAsync<int>(primary, "SELECT n FROM before_commit WHERE id = 1"));
        await holder.DisposeAsync();
    }

    [Fact]
    public async Task A_write_whose_session_dies_after_its_commit_is_reported_committed_and_not_applied_twice()
    {
        var primary = Group.Primary;
        await _fixture.ExecuteAsync(primary, "CREATE TABLE after_commit (id serial PRIMARY KEY, v text)");
        // The commit waits for a standby that is down (bound off): committed on the primary, the answer not yet sent.
        await using var database = GroupDatabase.Open(Group, primary, GroupDatabase.Tracking(TimeSpan.Zero), "safety-after-commit");
        var calls = 0;
        ExecResult result;
        await StopStandbysAsync();
        try
        {
            var write = Retry().ExecAsync(new Statement("INSERT INTO after_commit (v) VALUES ('once')", []), _ =>
            {
                calls++;
                return Task.FromResult(database);
            });
            await TerminateAsync(primary, "safety-after-commit", "wait_event = 'SyncRep'", "the commit waits for a synchronous standby");
            result = await Eventually.Within(write, "the write whose session was terminated");
        }
        finally
        {
            await Group.StartAsync();
        }

        Assert.Equal((FailoverRetry.UnknownRowsAffected, (long?)null, 2), (result.RowsAffected, result.LastInsertId, calls));
        Assert.Equal(1L, await _fixture.ScalarAsync<long>(primary, "SELECT count(*) FROM after_commit"));
    }

    [Fact]
    public async Task A_committed_write_whose_outcome_cannot_be_asked_fails_with_the_outcome_unknown_code()
    {
        var primary = Group.Primary;
        await _fixture.ExecuteAsync(primary, "CREATE TABLE unaskable (id serial PRIMARY KEY, v text)");
        await using var database = GroupDatabase.Open(Group, primary, GroupDatabase.Tracking(TimeSpan.Zero), "safety-unaskable");
        // Every later try gets "the current primary" on a port nobody listens on.
        await using var nowhere = GroupDatabase.Open($"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2", null, "nowhere");
        var calls = 0;
        DynamicDbException failure;
        await StopStandbysAsync();
        try
        {
            var write = Retry().ExecAsync(new Statement("INSERT INTO unaskable (v) VALUES ('once')", []),
                _ => Task.FromResult(calls++ == 0 ? database : nowhere));
            await TerminateAsync(primary, "safety-unaskable", "wait_event = 'SyncRep'", "the commit waits for a synchronous standby");
            failure = await Assert.ThrowsAsync<DynamicDbException>(() => Eventually.Within(write, "the write whose outcome cannot be asked"));
        }
        finally
        {
            await Group.StartAsync();
        }

        _output.WriteLine(failure.Message);
        Assert.Equal((ErrorCodes.SqlOutcomeUnknown, false, 3), (failure.ErrorCode, failure.IsTransient, calls));
        Assert.Contains("may or may not have been applied", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await _fixture.ScalarAsync<long>(primary, "SELECT count(*) FROM unaskable"));
    }

    [Fact]
    public async Task A_write_whose_server_froze_until_the_client_timed_out_is_resolved_and_applied_once()
    {
        var primary = Group.Primary;
        await _fixture.ExecuteAsync(primary, "CREATE TABLE frozen (id int PRIMARY KEY, n int); INSERT INTO frozen VALUES (1, 0)");
        await using var database = GroupDatabase.Open(Group, primary, GroupDatabase.Tracking(), "safety-frozen", commandTimeout: 1);
        await using var holder = await _fixture.OpenAsync(primary);
        var transaction = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT n FROM frozen WHERE id = 1 FOR UPDATE", holder, transaction))
        {
            await take.ExecuteScalarAsync();
        }

        var calls = 0;
        var write = Retry().ExecAsync(new Statement("UPDATE frozen SET n = n + 1 WHERE id = 1", []), _ =>
        {
            calls++;
            return Task.FromResult(database);
        });
        var pid = await GroupDatabase.WaitForSessionAsync(_fixture, primary, "safety-frozen", "wait_event_type = 'Lock'", "the write waits for the row lock");
        // The write's server process stops answering (as a frozen primary would) until the client has given up on it.
        await SignalAsync("-STOP", pid);
        try
        {
            await transaction.CommitAsync();
            await Eventually.True(() => calls == 2, "the client timed out and tries again");
        }
        finally
        {
            await SignalAsync("-CONT", pid);
        }

        var result = await Eventually.Within(write, "the write after the timeout");
        Assert.Equal((1L, 2), (result.RowsAffected, calls));
        Assert.Equal(1, await _fixture.ScalarAsync<int>(primary, "SELECT n FROM frozen WHERE id = 1"));
    }

    [Fact]
    public async Task A_write_no_standby_confirmed_fails_with_no_sync_standby_and_is_not_retried()
    {
        var primary = Group.Primary;
        await _fixture.ExecuteAsync(primary, "CREATE TABLE unconfirmed (id serial PRIMARY KEY, v text)");
        await using var database = GroupDatabase.Open(Group, primary, GroupDatabase.Tracking(TimeSpan.FromMilliseconds(500)), "safety-unconfirmed");
        var calls = 0;
        DynamicDbException failure;
        await StopStandbysAsync();
        try
        {
            failure = await Assert.ThrowsAsync<DynamicDbException>(() => Eventually.Within(
                Retry().ExecAsync(new Statement("INSERT INTO unconfirmed (v) VALUES ('once')", []), _ =>
                {
                    calls++;
                    return Task.FromResult(database);
                }), "the write no standby confirms"));
        }
        finally
        {
            await Group.StartAsync();
        }

        // Committed on the primary only, and not run again: it reaches the standbys now that they are back.
        Assert.Equal((ErrorCodes.EngineNoSyncStandby, 1), (failure.ErrorCode, calls));
        Assert.Equal(1L, await _fixture.ScalarAsync<long>(primary, "SELECT count(*) FROM unconfirmed"));
    }

    [Fact]
    public async Task An_untracked_write_whose_session_dies_fails_with_the_outcome_unknown_code_and_is_not_retried()
    {
        var primary = Group.Primary;
        await _fixture.ExecuteAsync(primary, "CREATE TABLE untracked (id int PRIMARY KEY, n int); INSERT INTO untracked VALUES (1, 0)");
        await using var database = GroupDatabase.Open(Group, primary, safety: null, "safety-untracked");
        var calls = 0;

        var (write, holder) = await StartBlockedAsync(primary, "untracked", "UPDATE untracked SET n = n + 1 WHERE id = 1", database, "safety-untracked", () => calls++);
        var failure = await Assert.ThrowsAsync<DynamicDbException>(() => Eventually.Within(write, "the untracked write"));
        await holder.DisposeAsync();

        Assert.Equal((ErrorCodes.SqlOutcomeUnknown, 1), (failure.ErrorCode, calls));
        Assert.Equal(0, await _fixture.ScalarAsync<int>(primary, "SELECT n FROM untracked WHERE id = 1"));
    }

    [Fact]
    public async Task A_write_that_never_reached_a_server_is_retried_on_the_next_connection_and_applied_once()
    {
        var primary = Group.Primary;
        await _fixture.ExecuteAsync(primary, "CREATE TABLE unsent (id serial PRIMARY KEY, v text)");
        await using var database = GroupDatabase.Open(Group, primary, GroupDatabase.Tracking(), "safety-unsent");
        await using var nowhere = GroupDatabase.Open($"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2", GroupDatabase.Tracking(), "nowhere");
        var calls = 0;

        var result = await Retry().ExecAsync(new Statement("INSERT INTO unsent (v) VALUES ('once')", []),
            _ => Task.FromResult(calls++ == 0 ? nowhere : database));

        Assert.Equal((1L, (long?)1, 2), (result.RowsAffected, result.LastInsertId, calls));
        Assert.Equal(1L, await _fixture.ScalarAsync<long>(primary, "SELECT count(*) FROM unsent"));
    }

    [Fact]
    public async Task A_read_whose_session_dies_is_retried()
    {
        var primary = Group.Primary;
        await using var database = GroupDatabase.Open(Group, primary, GroupDatabase.Tracking(), "safety-read");
        await using var holder = await _fixture.OpenAsync(primary);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(7)", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        var calls = 0;
        var read = Retry().ExecuteAsync(StatementClassifier.Classify("SELECT pg_advisory_xact_lock_shared(7)"), _ =>
        {
            calls++;
            return Task.FromResult(database);
        }, (c, ct) => c.QueryAsync(new Statement("SELECT pg_advisory_xact_lock_shared(7) IS NULL AS locked, 42 AS answer", []), ct), () => throw new InvalidOperationException());
        await TerminateAsync(primary, "safety-read", "wait_event_type = 'Lock'", "the read waits for the advisory lock");
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(7)", holder))
        {
            await release.ExecuteNonQueryAsync();
        }

        var result = await Eventually.Within(read, "the retried read");
        Assert.Equal((42, 2), (Convert.ToInt32(result.Rows[0][1]), calls));
    }

    private FailoverRetry Retry() =>
        new(new FailoverOptions { Attempts = 3, Delay = TimeSpan.FromMilliseconds(50) }, "ha",
            TestOutputLoggerProvider.CreateFactory(_output).CreateLogger<FailoverRetry>());

    /// <summary>
    /// Starts <paramref name="sql"/> through the retry while another session holds the row lock it needs, terminates the
    /// write's session once it waits, then lets the lock go (the returned holder is the ended transaction's connection).
    /// </summary>
    private async Task<(Task<ExecResult> Write, NpgsqlConnection Holder)> StartBlockedAsync(
        string primary, string table, string sql, IDatabaseConnection database, string applicationName, Action counted)
    {
        var holder = await _fixture.OpenAsync(primary);
        var transaction = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT n FROM {table} WHERE id = 1 FOR UPDATE", holder, transaction))
        {
            await take.ExecuteScalarAsync();
        }

        var write = Retry().ExecAsync(new Statement(sql, []), _ =>
        {
            counted();
            return Task.FromResult(database);
        });
        await TerminateAsync(primary, applicationName, "wait_event_type = 'Lock'", "the write waits for the row lock");
        await transaction.CommitAsync();
        return (write, holder);
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private async Task TerminateAsync(string member, string applicationName, string condition, string because)
    {
        var pid = await GroupDatabase.WaitForSessionAsync(_fixture, member, applicationName, condition, because);
        await _fixture.ExecuteAsync(member, $"SELECT pg_terminate_backend({pid})");
        await Eventually.True(async () => await _fixture.ScalarAsync<long>(member, $"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}") == 0,
            $"session {pid} is gone");
    }

    private async Task StopStandbysAsync()
    {
        foreach (var standby in Group.Members.Where(m => m != Group.Primary))
        {
            await Group.StopMemberAsync(standby);
        }
    }
}
