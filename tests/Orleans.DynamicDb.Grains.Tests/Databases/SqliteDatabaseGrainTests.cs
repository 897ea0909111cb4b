using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Sqlite;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>The embedded default: one SQLite file per database under the data directory.</summary>
public sealed class SqliteDatabaseGrainTests : DatabaseGrainContract
{
    protected override IDictionary<string, string?> EngineSettings => new Dictionary<string, string?>();

    protected override string EngineId => "sqlite";

    [Fact]
    public async Task The_read_only_flag_of_a_statement_survives_serialization_between_silos()
    {
        await using var cluster = await StartAsync();
        var serializer = cluster.ServiceProvider.GetRequiredService<Orleans.Serialization.Serializer>();

        var readOnly = serializer.Deserialize<Statement>(serializer.SerializeToArray(Statement.Of("SELECT ?", 1).AsReadOnly()))!;
        var normal = serializer.Deserialize<Statement>(serializer.SerializeToArray(Statement.Of("SELECT ?", 1)))!;

        Assert.True(readOnly.ReadOnly);
        Assert.Equal("SELECT ?", readOnly.Sql);
        Assert.Equal([1], readOnly.Args);
        Assert.False(normal.ReadOnly);
    }

    [Theory]
    [InlineData("SELECT v FROM t; INSERT INTO t (v) VALUES ('second')")]
    [InlineData("SELECT v FROM t; DROP TABLE t")]
    public async Task A_read_only_text_whose_later_statement_writes_is_refused_even_when_its_first_rows_were_read(string text)
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/romulti");
        await db.ExecAsync(new Statement("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)"));
        await db.ExecAsync(new Statement("DELETE FROM t"));
        await db.ExecAsync(new Statement("INSERT INTO t (v) VALUES ('seed')"));

        var query = await Assert.ThrowsAsync<DynamicDbException>(() => db.QueryAsync(new Statement(text).AsReadOnly()));
        var page = await Assert.ThrowsAsync<DynamicDbException>(() => db.QueryPageAsync(new Statement(text).AsReadOnly(), QueryPaging.Within(100, 1 << 20)));
        var exec = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement(text).AsReadOnly()));

        Assert.All([query, page, exec], e => Assert.Equal(ErrorCodes.StatementReadOnly, e.ErrorCode));
        Assert.Equal("seed", Assert.Single((await db.QueryAsync(new Statement("SELECT v FROM t"))).Rows)[0]);
    }

    [Theory]
    [InlineData("CREATE TEMP TABLE scratch (x)", ErrorCodes.StatementReadOnly)]
    [InlineData("PRAGMA user_version = 7", ErrorCodes.SqlNotAllowed)]
    [InlineData("REINDEX t_v", ErrorCodes.StatementReadOnly)]
    [InlineData("ANALYZE", ErrorCodes.StatementReadOnly)]
    public async Task A_read_only_statement_may_not_make_temporary_objects_set_pragmas_or_maintain_indexes(string sql, string code)
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/roother");
        await db.ExecAsync(new Statement("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)"));
        await db.ExecAsync(new Statement("CREATE INDEX IF NOT EXISTS t_v ON t (v)"));

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement(sql).AsReadOnly()));
        var readPragma = await db.QueryAsync(new Statement("PRAGMA user_version").AsReadOnly());

        Assert.Equal(code, refused.ErrorCode);
        Assert.Equal(0L, readPragma.Rows[0][0]);
    }

    [Fact]
    public async Task A_database_that_never_hibernates_stays_awake_while_one_with_the_short_default_hibernates()
    {
        await using var cluster = await StartAsync(hibernation: "00:00:01");
        var never = cluster.GrainFactory.GetGrain<IDatabaseGrain>("myapp/awake");
        var sleepy = cluster.GrainFactory.GetGrain<IDatabaseGrain>("myapp/sleepy");
        await never.CreateAsync(hibernationTimeout: TimeSpan.Zero);
        await sleepy.CreateAsync();
        var catalog = cluster.ServiceProvider.GetRequiredService<IDatabaseCatalog>();

        await Eventually.True(async () => (await catalog.GetAsync("myapp", "sleepy"))!.Status == DatabaseStatus.Hibernated, "the database with the 1 s default hibernates");
        await Eventually.True(async () => (await catalog.GetAsync("myapp", "sleepy"))!.LastActivity < DateTimeOffset.UtcNow - TimeSpan.FromSeconds(2), "two more of its timeouts pass");

        var entry = await catalog.GetAsync("myapp", "awake");
        Assert.Equal(DatabaseStatus.Active, entry!.Status);
        Assert.Equal(TimeSpan.Zero, entry.HibernationTimeout);
    }

    [Fact]
    public async Task Creating_an_existing_database_says_it_was_not_created_and_keeps_its_entry()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("myapp/twice");

        var first = await db.CreateAsync();
        var second = await db.CreateAsync();

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Info.CreatedAt, second.Info.CreatedAt);
    }

    [Fact]
    public async Task The_first_page_of_a_paged_query_costs_one_worker_turn_and_the_caps_still_hold()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("myapp/hops");
        await db.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
        await db.ExecAsync(new Statement("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50) INSERT INTO t (id) SELECT x FROM c"));
        var workers = ((SqliteEngine)cluster.ServiceProvider.GetRequiredService<IEngineRegistry>().Get(EngineId)).Workers;
        var query = new Statement("SELECT id FROM t ORDER BY id");
        async Task<(QueryPage Page, long Turns)> CountedAsync(Func<Task<QueryPage>> call)
        {
            var before = workers.Started;
            var page = await call();
            return (page, workers.Started - before);
        }

        var whole = await CountedAsync(() => db.QueryPageAsync(query, new QueryPaging(100_000, 64 << 20, 1000, 1 << 20)));
        var capped = await CountedAsync(() => db.QueryPageAsync(query, new QueryPaging(20, 64 << 20, 1000, 1 << 20)));
        var first = await CountedAsync(() => db.QueryPageAsync(query, new QueryPaging(100_000, 64 << 20, 30, 1 << 20)));
        var next = await CountedAsync(() => db.NextPageAsync(first.Page.Cursor!));

        Assert.Equal([1L, 1L, 1L, 1L], new[] { whole.Turns, capped.Turns, first.Turns, next.Turns });
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), whole.Page.Rows.Select(r => (long)r[0]!));
        Assert.Null(whole.Page.Cursor);
        Assert.False(whole.Page.Truncated);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), capped.Page.Rows.Select(r => (long)r[0]!));
        Assert.Null(capped.Page.Cursor);
        Assert.True(capped.Page.Truncated);
        Assert.Equal(30, first.Page.Rows.Count);
        Assert.NotNull(first.Page.Cursor);
        Assert.Equal(Enumerable.Range(31, 20).Select(i => (long)i), next.Page.Rows.Select(r => (long)r[0]!));
        Assert.Null(next.Page.Cursor);
    }

    [Fact]
    public async Task Each_database_gets_its_own_folder_under_the_data_directory()
    {
        await using var cluster = await StartAsync();

        await cluster.GrainFactory.GetGrain<IDatabaseGrain>("myapp/users").CreateAsync();

        Assert.True(Directory.Exists(Path.Combine(Root, "myapp_users")));
    }

    [Fact]
    public async Task Folders_without_a_catalog_entry_are_moved_aside_at_start_and_kept()
    {
        var orphan = Path.Combine(Root, "old_leftover");
        Directory.CreateDirectory(orphan);
        await File.WriteAllTextAsync(Path.Combine(orphan, "db.sqlite"), "precious");
        var unrelated = Directory.CreateDirectory(Path.Combine(Root, "notes")).FullName;

        await using var cluster = await StartAsync();
        await cluster.GrainFactory.GetGrain<IDatabaseGrain>("myapp/kept").CreateAsync();

        Assert.False(Directory.Exists(orphan));
        var moved = Directory.GetFiles(Path.Combine(Root, ".orphaned"), "db.sqlite", SearchOption.AllDirectories);
        Assert.Equal("precious", await File.ReadAllTextAsync(Assert.Single(moved)));
        Assert.True(Directory.Exists(unrelated));
        Assert.True(Directory.Exists(Path.Combine(Root, "myapp_kept")));
    }

    [Fact]
    public async Task Orphans_moved_aside_by_two_starts_in_the_same_second_are_both_kept()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 4, 21, 32, 48, TimeSpan.Zero));
        foreach (var content in new[] { "first", "second" })
        {
            var orphan = Directory.CreateDirectory(Path.Combine(Root, "old_leftover")).FullName;
            await File.WriteAllTextAsync(Path.Combine(orphan, "db.sqlite"), content);
            await using var cluster = await StartAsync(time: clock);
            Assert.False(Directory.Exists(orphan));
        }

        var moved = Directory.GetFiles(Path.Combine(Root, ".orphaned"), "db.sqlite", SearchOption.AllDirectories);
        Assert.Equal(["first", "second"], moved.Select(File.ReadAllText).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_grain_key_that_is_not_a_valid_name_fails_with_the_bad_value_named()
    {
        await using var cluster = await StartAsync();

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => cluster.GrainFactory.GetGrain<IDatabaseGrain>("my_app/Users").CreateAsync());

        Assert.Equal(ErrorCodes.DatabaseInvalidName, error.ErrorCode);
        Assert.Contains("'my_app'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_engine_is_refused_with_the_known_ones_listed()
    {
        await using var cluster = await StartAsync();

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => cluster.GrainFactory.GetGrain<IDatabaseGrain>("myapp/x").CreateAsync("mongo"));

        Assert.Equal(ErrorCodes.EngineUnknown, error.ErrorCode);
        Assert.Contains("'sqlite'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_that_outlives_the_query_timeout_fails_with_a_timeout_naming_the_setting()
    {
        var settings = new Dictionary<string, string?> { ["DynamicDb:Databases:QueryTimeout"] = "00:00:00.300" };
        await using var cluster = await DatabaseClusterFactory.StartAsync(Root, settings);
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("myapp/slow");

        var error = await Eventually.Within(
            Assert.ThrowsAsync<DynamicDbException>(() => db.QueryAsync(new Statement("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT COUNT(*) FROM c"))),
            "the timed-out query");

        Assert.Equal(ErrorCodes.SqlTimeout, error.ErrorCode);
        Assert.Contains("QueryTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await db.QueryAsync(new Statement("SELECT 1"))).Count);
    }

    [Fact]
    public async Task A_write_that_outlives_the_query_timeout_fails_with_a_timeout_naming_the_setting_and_later_statements_run()
    {
        var settings = new Dictionary<string, string?> { ["DynamicDb:Databases:QueryTimeout"] = "00:00:00.300" };
        await using var cluster = await DatabaseClusterFactory.StartAsync(Root, settings);
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("myapp/slowwrite");
        await db.ExecAsync(new Statement("CREATE TABLE t (n INTEGER)"));
        const string slow = "INSERT INTO t SELECT COUNT(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT x FROM c)";

        for (var round = 0; round < 2; round++)
        {
            var error = await Eventually.Within(Assert.ThrowsAsync<DynamicDbException>(() => db.ExecAsync(new Statement(slow))), "the timed-out write");

            Assert.Equal(ErrorCodes.SqlTimeout, error.ErrorCode);
            Assert.Contains("DynamicDb:Databases:QueryTimeout", error.Message, StringComparison.Ordinal);
            Assert.Null(error.InnerException);

            // The statements after it run with their own timeout: neither the fired one nor one kept from a statement before.
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(1, (await db.ExecAsync(Statement.Of("INSERT INTO t (n) VALUES (?)", i))).RowsAffected);
            }
        }

        Assert.Equal(6L, Convert.ToInt64((await db.QueryAsync(new Statement("SELECT COUNT(*) FROM t"))).Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_transaction_a_tenant_left_open_does_not_stop_hibernation_and_committed_rows_survive()
    {
        await using var cluster = await StartAsync(hibernation: "00:00:01");
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("myapp/begun");
        await db.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"));
        await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?)", "committed"));

        // Refused once the engine's statement policy is in place; before it, it leaves a transaction open on a pooled connection.
        var begin = await Record.ExceptionAsync(() => db.ExecAsync(new Statement("BEGIN")));
        Assert.True(begin is null or DynamicDbException { ErrorCode: ErrorCodes.SqlNotAllowed }, $"BEGIN: {begin}");
        for (var i = 0; i < 3; i++)
        {
            await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?)", $"after {i}"));
        }

        await Eventually.True(async () => (await Catalog(cluster).GetAsync("myapp", "begun"))!.Status == DatabaseStatus.Hibernated, "the database hibernates although a tenant left a transaction open");
        var rows = (await db.QueryAsync(new Statement("SELECT v FROM t ORDER BY id"))).Rows.Select(r => r[0]).ToList();

        Assert.Contains("committed", rows);
        if (begin is not null)
        {
            // With BEGIN refused, every acknowledged insert is kept (without the policy SQLite rolls them back at close).
            Assert.Equal(["committed", "after 0", "after 1", "after 2"], rows);
        }

        Assert.Equal(DatabaseStatus.Active, (await Catalog(cluster).GetAsync("myapp", "begun"))!.Status);
    }

    [Fact]
    public async Task A_transaction_a_tenant_left_open_does_not_stop_a_drop()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("myapp/begundrop");
        await db.ExecAsync(new Statement("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"));
        await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?)", "committed"));
        var begin = await Record.ExceptionAsync(() => db.ExecAsync(new Statement("BEGIN")));
        Assert.True(begin is null or DynamicDbException { ErrorCode: ErrorCodes.SqlNotAllowed }, $"BEGIN: {begin}");
        await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?)", "after"));

        var dropped = await db.DropAsync();

        Assert.Equal(DatabaseStatus.Dropped, dropped.Info.Status);
        Assert.False(Directory.Exists(Path.Combine(Root, "myapp_begundrop")));
        Assert.True(File.Exists(Path.Combine(dropped.MovedTo, "db.sqlite")), $"moved to {dropped.MovedTo}");
        Assert.Empty(await Catalog(cluster).ListAsync("myapp"));
    }

    [Fact]
    public async Task Writes_acknowledged_after_a_refused_begin_survive_hibernation()
    {
        await using var cluster = await StartAsync(hibernation: "00:00:01");
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/begun");
        await db.ExecAsync(new Statement("CREATE TABLE t (v INTEGER)"));

        var begin = await Record.ExceptionAsync(() => db.ExecAsync(new Statement("BEGIN")));
        for (var i = 1; i <= 3; i++)
        {
            await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?)", i));
        }

        await Eventually.True(async () => (await Catalog(cluster).GetAsync("shop", "begun"))!.Status == DatabaseStatus.Hibernated, "the database hibernates");
        await using (var file = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Root, "shop_begun", "db.sqlite")};Mode=ReadOnly;Pooling=false"))
        {
            await file.OpenAsync();
            await using var count = new Microsoft.Data.Sqlite.SqliteCommand("SELECT COUNT(*) FROM t", file);
            Assert.Equal(3L, await count.ExecuteScalarAsync());
        }

        Assert.Equal(ErrorCodes.SqlNotAllowed, Assert.IsType<DynamicDbException>(begin).ErrorCode);
        Assert.Equal(3L, (await db.QueryAsync(new Statement("SELECT COUNT(*) FROM t"))).Rows[0][0]);
    }
}
