using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.TestInfrastructure;
using ManualTimeProvider = Orleans.DynamicDb.Grains.Tests.Infrastructure.ManualTimeProvider;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>Paged queries: pages in order, caps across pages, cursors closed at the end, when idle, too old, at hibernation and drop.</summary>
public abstract partial class DatabaseGrainContract
{
    private const int Numbers = 2500;

    private static readonly Statement CountTo = new($"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {Numbers}) SELECT x FROM c");

    [Fact]
    public async Task A_paged_query_answers_every_row_in_order_and_its_last_page_closes_the_cursor()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/paged");

        var first = await db.QueryPageAsync(CountTo, new QueryPaging(100_000, 64 << 20, 1000, 1 << 20));
        var (rows, pages, last) = await ReadAllAsync(db, first);
        var closed = await Assert.ThrowsAsync<DynamicDbException>(() => db.NextPageAsync(first.Cursor!));

        Assert.Equal(["x"], first.Columns);
        Assert.Equal([1000, 1000, 500], pages);
        Assert.Equal(Enumerable.Range(1, Numbers).Select(i => (long)i), rows);
        Assert.Null(last.Cursor);
        Assert.False(last.Truncated);
        Assert.Equal(ErrorCodes.RequestInvalid, closed.ErrorCode);
        Assert.Contains("not open", closed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1500, true)]
    [InlineData(Numbers, false)]
    [InlineData(Numbers + 1, false)]
    public async Task The_row_cap_holds_across_pages_and_only_a_result_past_it_is_truncated(int cap, bool truncated)
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/rowcap");

        var (rows, _, last) = await ReadAllAsync(db, await db.QueryPageAsync(CountTo, new QueryPaging(cap, 64 << 20, 1000, 1 << 20)));

        Assert.Equal(Math.Min(cap, Numbers), rows.Count);
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows);
        Assert.Equal(truncated, last.Truncated);
        Assert.Null(last.Cursor);
    }

    [Fact]
    public async Task The_byte_cap_holds_across_pages_and_truncates_the_result()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/bytecap");
        var wide = new Statement($"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {Numbers}) SELECT x, '{new string('w', 100)}' AS w FROM c");

        // Each row is estimated at 2 + (20 + 1) + (102 + 1) = 126 bytes: 10 000 bytes hold 79 rows (pages of 30 rows).
        var (rows, _, last) = await ReadAllAsync(db, await db.QueryPageAsync(wide, new QueryPaging(100_000, 10_000, 30, 1 << 20)));

        Assert.Equal(79, rows.Count);
        Assert.True(last.Truncated);
        Assert.Null(last.Cursor);
    }

    [Fact]
    public async Task A_cursor_left_unread_past_the_idle_timeout_is_closed_and_one_read_in_time_is_not()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await StartAsync(time: clock);
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/idle");
        var paging = new QueryPaging(100_000, 64 << 20, 500, 1 << 20);
        var read = await db.QueryPageAsync(CountTo, paging);
        var left = await db.QueryPageAsync(CountTo, paging);

        clock.Advance(TimeSpan.FromSeconds(6));
        var second = await db.NextPageAsync(read.Cursor!);
        clock.Advance(TimeSpan.FromSeconds(6));
        var third = await db.NextPageAsync(read.Cursor!);
        var expired = await Assert.ThrowsAsync<DynamicDbException>(() => db.NextPageAsync(left.Cursor!));

        Assert.Equal(Enumerable.Range(501, 500).Select(i => (long)i), second.Rows.Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(1001L, Convert.ToInt64(third.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ErrorCodes.RequestInvalid, expired.ErrorCode);
        Assert.Contains("CursorIdleTimeout", expired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cursor_older_than_the_query_timeout_is_closed_with_a_timeout_even_while_it_is_read()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await StartAsync(time: clock);
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/old");
        var page = await db.QueryPageAsync(CountTo, new QueryPaging(100_000, 64 << 20, 100, 1 << 20));

        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(9));
            page = await db.NextPageAsync(page.Cursor!);
        }

        clock.Advance(TimeSpan.FromSeconds(9));
        var error = await Assert.ThrowsAsync<DynamicDbException>(() => db.NextPageAsync(page.Cursor!));

        Assert.NotNull(page.Cursor);
        Assert.Equal(ErrorCodes.SqlTimeout, error.ErrorCode);
        Assert.Contains("QueryTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_with_an_open_cursor_hibernates_keeps_its_data_and_the_cursor_is_gone_after_wake()
    {
        await using var cluster = await StartAsync(hibernation: "00:00:01");
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/cursorsleep");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
        await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?), (?), (?)", "a", "b", "c"));
        var open = await db.QueryPageAsync(new Statement("SELECT v FROM t ORDER BY v"), new QueryPaging(100, 1 << 20, 1, 1 << 20));

        await Eventually.True(async () => (await Catalog(cluster).GetAsync("shop", "cursorsleep"))!.Status == DatabaseStatus.Hibernated, "the database hibernates with its cursor open");
        var gone = await Assert.ThrowsAsync<DynamicDbException>(() => db.NextPageAsync(open.Cursor!));
        await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?)", "d"));
        var rows = await db.QueryAsync(new Statement("SELECT v FROM t ORDER BY v"));

        Assert.Equal("a", open.Rows[0][0]);
        Assert.Equal(ErrorCodes.RequestInvalid, gone.ErrorCode);
        Assert.Equal(["a", "b", "c", "d"], rows.Rows.Select(r => r[0]));
    }

    [Fact]
    public async Task Dropping_a_database_with_an_open_cursor_closes_it_and_moves_the_data_aside()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/cursordrop");
        await db.ExecAsync(new Statement($"CREATE TABLE t ({IdColumn}, v TEXT)"));
        await db.ExecAsync(Statement.Of("INSERT INTO t (v) VALUES (?), (?)", "a", "b"));
        var open = await db.QueryPageAsync(new Statement("SELECT v FROM t"), new QueryPaging(100, 1 << 20, 1, 1 << 20));

        var dropped = await db.DropAsync();
        var gone = await Assert.ThrowsAsync<DynamicDbException>(() => db.NextPageAsync(open.Cursor!));

        Assert.Equal(DatabaseStatus.Dropped, dropped.Info.Status);
        Assert.Equal(ErrorCodes.RequestInvalid, gone.ErrorCode);
        Assert.Empty(await Catalog(cluster).ListAsync("shop"));
        Assert.Empty((await db.GetSchemaAsync()).Tables);
    }

    [Fact]
    public async Task Cursor_ids_are_long_random_and_a_guessed_one_is_refused()
    {
        await using var cluster = await StartAsync();
        var db = cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/ids");
        var paging = new QueryPaging(100_000, 64 << 20, 10, 1 << 20);

        var a = await db.QueryPageAsync(CountTo, paging);
        var b = await db.QueryPageAsync(CountTo, paging);
        var guessed = await Assert.ThrowsAsync<DynamicDbException>(() => db.NextPageAsync("00000000000000000000000000000001"));
        await db.CloseCursorAsync(a.Cursor!);
        var closed = await Assert.ThrowsAsync<DynamicDbException>(() => db.NextPageAsync(a.Cursor!));
        var stillOpen = await db.NextPageAsync(b.Cursor!);

        Assert.Equal(32, a.Cursor!.Length);
        Assert.NotEqual(a.Cursor, b.Cursor);
        Assert.Equal(ErrorCodes.RequestInvalid, guessed.ErrorCode);
        Assert.Equal(ErrorCodes.RequestInvalid, closed.ErrorCode);
        Assert.Equal(11L, Convert.ToInt64(stillOpen.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<(List<long> Rows, List<int> Pages, QueryPage Last)> ReadAllAsync(IDatabaseGrain db, QueryPage page)
    {
        var rows = new List<long>();
        var pages = new List<int>();
        while (true)
        {
            rows.AddRange(page.Rows.Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)));
            pages.Add(page.Rows.Count);
            if (page.Cursor is null)
            {
                return (rows, pages, page);
            }

            page = await db.NextPageAsync(page.Cursor);
        }
    }
}
