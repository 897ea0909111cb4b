using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>
/// Read-only statements (<see cref="Statement.AsReadOnly"/>): the engine refuses every write with
/// <c>statement.read_only</c> naming the database, on every path that runs a statement, and nothing changes.
/// </summary>
public abstract partial class DatabaseGrainContract
{
    /// <summary>A query whose common table expression or body writes a row into <c>t (v)</c>.</summary>
    protected virtual string WritingCte => "WITH x AS (SELECT 'cte' AS v) INSERT INTO t (v) SELECT v FROM x";

    public static TheoryData<string, string> Writes => new()
    {
        { "roinsert", "INSERT INTO t (v) VALUES ('new')" },
        { "roupdate", "UPDATE t SET v = 'changed'" },
        { "rodelete", "DELETE FROM t" },
        { "rocreate", "CREATE TABLE other (x INTEGER)" },
        { "rodrop", "DROP TABLE t" },
        { "roalter", "ALTER TABLE t ADD COLUMN w TEXT" },
        { "roindex", "CREATE INDEX t_v ON t (v)" },
        { "roreturning", "INSERT INTO t (v) VALUES ('returned') RETURNING v" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_read_only_statement_that_writes_is_refused_on_every_path_and_changes_nothing(string database, string write)
    {
        await using var cluster = await StartAsync();
        var db = await SeededAsync(cluster, database);
        var statement = new Statement(write).AsReadOnly();

        var refusals = new[]
        {
            await Assert.ThrowsAsync<DynamicDbException>(() => db.QueryAsync(statement)),
            await Assert.ThrowsAsync<DynamicDbException>(() => db.QueryPageAsync(statement, QueryPaging.Within(100, 1 << 20))),
            await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(statement)),
            await Assert.ThrowsAsync<DynamicDbException>(() => db.TransactionAsync([new Statement("SELECT v FROM t"), statement])),
        };

        Assert.All(refusals, e => Assert.Equal(ErrorCodes.StatementReadOnly, e.ErrorCode));
        Assert.All(refusals, e => Assert.Contains($"'{database}'", e.Message, StringComparison.Ordinal));
        await AssertUnchangedAsync(db);
    }

    [Fact]
    public async Task A_read_only_query_whose_common_table_expression_writes_is_refused()
    {
        await using var cluster = await StartAsync();
        var db = await SeededAsync(cluster, "rocte");

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => db.QueryPageAsync(new Statement(WritingCte).AsReadOnly(), QueryPaging.Within(100, 1 << 20)));

        Assert.Equal(ErrorCodes.StatementReadOnly, refused.ErrorCode);
        await AssertUnchangedAsync(db);
    }

    [Fact]
    public async Task A_read_only_query_reads_like_any_query_and_the_same_statement_not_read_only_still_writes()
    {
        await using var cluster = await StartAsync();
        var db = await SeededAsync(cluster, "roreads");

        var whole = await db.QueryAsync(Statement.Of("SELECT v FROM t WHERE v = ?", "seed").AsReadOnly());
        var page = await db.QueryPageAsync(new Statement("SELECT v FROM t").AsReadOnly(), QueryPaging.Within(100, 1 << 20));
        var written = await db.ExecAsync(new Statement("INSERT INTO t (v) VALUES ('new')"));

        Assert.Equal("seed", Assert.Single(whole.Rows)[0]);
        Assert.Equal("seed", Assert.Single(page.Rows)[0]);
        Assert.Equal(1, written.RowsAffected);
    }

    private async Task<IDatabaseGrain> SeededAsync(DatabaseTestCluster cluster, string database)
    {
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>($"shop/{database}");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
        await db.ExecAsync(new Statement("INSERT INTO t (v) VALUES ('seed')"));
        return db;
    }

    private static async Task AssertUnchangedAsync(IDatabaseGrain db)
    {
        var rows = await db.QueryAsync(new Statement("SELECT v FROM t"));
        var schema = await db.GetSchemaAsync();

        Assert.Equal("seed", Assert.Single(rows.Rows)[0]);
        Assert.Equal(["t"], schema.Tables.Select(t => t.Name));
        Assert.Equal(2, schema.Tables[0].Columns.Count);
    }
}
