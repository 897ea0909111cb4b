using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Audit;

/// <summary>
/// What the audit log guarantees on either catalog store: an intact chain verifies, a row edited or deleted through a
/// direct SQL connection is found at its sequence number, appends from several writers (as silos sharing a catalog) keep
/// one chain without gaps, and secrets named in details are never stored.
/// </summary>
public abstract class AuditLogContract
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));

    /// <summary>A connection string of a fresh, empty catalog store.</summary>
    protected abstract Task<string> NewStoreAsync();

    /// <summary>The ADO.NET invariant of the store.</summary>
    protected abstract string Invariant { get; }

    /// <summary>A direct connection to the store, as an operator tampering with the table would use.</summary>
    protected abstract DbConnection Connect(string connectionString);

    protected AdoNetAuditLog Open(string connectionString) => new(Invariant, connectionString, _time, null, NullLogger<AdoNetAuditLog>.Instance);

    [Fact]
    public async Task Appended_rows_are_numbered_from_one_chained_by_hash_and_the_chain_verifies()
    {
        using var log = Open(await NewStoreAsync());

        var first = await log.AppendAsync(new AuditEntry("admin:ops", AuditActions.FailoverRequested, "pg-ha", AuditResults.Accepted, new Dictionary<string, string> { ["target"] = "m2" }));
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await log.AppendAsync(new AuditEntry(AuditActions.SystemActor, AuditActions.FailoverCompleted, "pg-ha", AuditResults.Ok));
        var status = await log.VerifyAsync();

        Assert.Equal((1, 2), (first.Seq, second.Seq));
        Assert.Equal(AuditHash.Genesis, first.PrevHash);
        Assert.Equal(first.Hash, second.PrevHash);
        Assert.Equal("{\"target\":\"m2\"}", first.Details);
        Assert.Equal(new AuditChainStatus(true, 2, null, null, second.Hash), status);
        var listed = await log.ListAsync(new AuditQuery());
        Assert.Equal([first, second], listed);
    }

    [Fact]
    public async Task A_row_edited_through_a_direct_sql_connection_is_found_at_its_seq()
    {
        var store = await NewStoreAsync();
        using var log = Open(store);
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(new AuditEntry("admin:ops", AuditActions.MemberAdded, "pg-ha", AuditResults.Ok));
        }

        await ExecuteAsync(store, "UPDATE dyndb_audit SET actor = 'admin:someone-else' WHERE seq = 3");
        var status = await log.VerifyAsync();

        Assert.False(status.Intact);
        Assert.Equal(3, status.FirstBrokenSeq);
        Assert.Equal("hash mismatch", status.Reason);
        Assert.Equal(2, status.RowsChecked);
    }

    [Fact]
    public async Task A_row_edited_with_its_hash_recomputed_breaks_the_link_of_the_next_row()
    {
        var store = await NewStoreAsync();
        using var log = Open(store);
        for (var i = 0; i < 4; i++)
        {
            await log.AppendAsync(new AuditEntry("admin:ops", AuditActions.MemberAdded, "pg-ha", AuditResults.Ok));
        }

        var row = (await log.ListAsync(new AuditQuery(Since: 1, Limit: 1)))[0];
        var forged = row with { Result = "engine.group_full" };
        await ExecuteAsync(store, $"UPDATE dyndb_audit SET result = 'engine.group_full', hash = '{AuditHash.Of(forged)}' WHERE seq = 2");
        var status = await log.VerifyAsync();

        Assert.Equal((false, 3L, "previous hash mismatch"), (status.Intact, status.FirstBrokenSeq, status.Reason));
    }

    [Fact]
    public async Task A_deleted_row_is_found_at_its_seq()
    {
        var store = await NewStoreAsync();
        using var log = Open(store);
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(new AuditEntry("admin:ops", AuditActions.FailoverCompleted, "pg-ha", AuditResults.Ok));
        }

        await ExecuteAsync(store, "DELETE FROM dyndb_audit WHERE seq = 4");
        var status = await log.VerifyAsync();

        Assert.False(status.Intact);
        Assert.Equal(4, status.FirstBrokenSeq);
        Assert.StartsWith("row missing", status.Reason);
    }

    [Fact]
    public async Task Concurrent_appends_from_several_writers_sharing_the_catalog_keep_one_chain_without_gaps()
    {
        var store = await NewStoreAsync();
        var writers = Enumerable.Range(0, 3).Select(_ => Open(store)).ToList();

        await Task.WhenAll(writers.SelectMany((writer, w) => Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            writer.AppendAsync(new AuditEntry($"admin:w{w}", AuditActions.PolicyChanged, $"policy-{i}", AuditResults.Ok))))));
        var status = await writers[0].VerifyAsync();
        var rows = await writers[1].ListAsync(new AuditQuery(Limit: AuditQuery.MaxLimit));

        Assert.True(status.Intact, $"{status.Reason} at {status.FirstBrokenSeq}");
        Assert.Equal(60, status.RowsChecked);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), rows.Select(r => r.Seq));
        writers.ForEach(w => w.Dispose());
    }

    [Fact]
    public async Task Details_named_like_secrets_are_stored_as_stars()
    {
        using var log = Open(await NewStoreAsync());

        var row = await log.AppendAsync(new AuditEntry("admin:ops", AuditActions.KeyChanged, "pg", AuditResults.Ok,
            new Dictionary<string, string> { ["Password"] = "hunter2-secret", ["connection-string"] = "Host=x;Password=p", ["key_id"] = "abc" }));

        Assert.DoesNotContain("hunter2", row.Details);
        Assert.DoesNotContain("Password=p", row.Details);
        Assert.Contains("\"key_id\":\"abc\"", row.Details);
    }

    [Fact]
    public async Task Pages_follow_the_since_cursor_and_filter_by_action_actor_and_target()
    {
        using var log = Open(await NewStoreAsync());
        for (var i = 0; i < 6; i++)
        {
            await log.AppendAsync(new AuditEntry(i % 2 == 0 ? "admin:a" : "system", i % 3 == 0 ? AuditActions.FailoverRequested : AuditActions.MemberAdded, $"e{i % 2}", AuditResults.Ok));
        }

        Assert.Equal([3L, 4L], (await log.ListAsync(new AuditQuery(Since: 2, Limit: 2))).Select(r => r.Seq));
        Assert.Equal([1L, 4L], (await log.ListAsync(new AuditQuery(Action: AuditActions.FailoverRequested))).Select(r => r.Seq));
        Assert.Equal([2L, 4L, 6L], (await log.ListAsync(new AuditQuery(Actor: "system"))).Select(r => r.Seq));
        Assert.Equal([3L, 5L], (await log.ListAsync(new AuditQuery(Since: 1, Target: "e0"))).Select(r => r.Seq));
        var bad = await Assert.ThrowsAsync<DynamicDbException>(() => log.ListAsync(new AuditQuery(Limit: 0)));
        Assert.Equal(ErrorCodes.RequestInvalid, bad.ErrorCode);
    }

    private async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = Connect(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
