using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Switching.Moving;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

[Collection(PostgresCollection.Name)]
public sealed class PostgresToSqliteMoveTests(PostgresFixture postgres, ITestOutputHelper output) : DatabaseMoverContract(output)
{
    private readonly TempDirectory _target = new();

    protected override Task<IDatabaseEngine> CreateSourceAsync() => Task.FromResult(MoveEngines.Postgres("pg", postgres, Loggers));

    protected override Task<IDatabaseEngine> CreateTargetAsync() => Task.FromResult(MoveEngines.Sqlite("sqlite", _target, Loggers));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _target.Dispose();
    }

    [Fact]
    public async Task Arrays_user_types_and_ranges_are_all_named_before_anything_is_touched()
    {
        await SourceDb.ExecAsync(new Statement("CREATE TYPE mood AS ENUM ('ok', 'sad')"));
        await SourceDb.ExecAsync(new Statement("CREATE TABLE things (id integer PRIMARY KEY, tags text[], feeling mood, span int4range)"));

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => Mover.PlanAsync(Source, Target, Name, CancellationToken.None));

        Assert.Equal(ErrorCodes.SwitchRefused, error.ErrorCode);
        Assert.Contains("table 'things' column 'tags' has the array type 'text[]'", error.Message);
        Assert.Contains("table 'things' column 'feeling' has the user-defined type 'mood'", error.Message);
        Assert.Contains("table 'things' column 'span' has the type 'int4range'", error.Message);
        Assert.Empty(await ReservedObjectsAsync(Source));
    }

    [Fact]
    public async Task Types_translate_to_sqlite_with_numeric_timestamps_uuid_and_json_kept_as_their_exact_text()
    {
        await SourceDb.ExecAsync(new Statement("""
            CREATE TABLE kinds (
                id serial PRIMARY KEY, small smallint, real4 real, amount numeric(30, 10), code char(4), flag boolean NOT NULL DEFAULT false,
                at timestamptz, day date, uid uuid, doc jsonb, raw bytea, label varchar(10) DEFAULT 'none')
            """));
        await SourceDb.ExecAsync(new Statement("CREATE INDEX kinds_day ON kinds (day, code)"));
        await SourceDb.ExecAsync(new Statement("""
            INSERT INTO kinds (small, real4, amount, code, flag, at, day, uid, doc, raw)
            VALUES (-3, 1.1, 12345678901234567890.0123456789, 'ab', true, '2024-02-29 10:00:00+00', '2024-02-29',
                    'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"b": [1, 2], "a": "x"}', '\x00ff'),
                   (NULL, '-Infinity', NULL, NULL, false, NULL, NULL, NULL, NULL, NULL)
            """));
        var plan = await Mover.PlanAsync(Source, Target, Name, CancellationToken.None);
        await Mover.StartCaptureAsync(plan, MoveSide.Source, CancellationToken.None);

        await Mover.CopyAsync(plan, CancellationToken.None);
        await SourceDb.ExecAsync(new Statement("UPDATE kinds SET flag = false, amount = 0.5 WHERE id = 1"));
        await CatchUpFullyAsync(plan, MoveSide.Source, 0);

        var report = await Mover.ValidateAsync(plan, null, null, CancellationToken.None);
        Assert.True(report.Passed, string.Join("; ", report.Mismatches));
        // char(n) keeps its padding insignificant: its text form has no trailing blanks.
        var row = (await TargetDb.QueryAsync(new Statement("SELECT small, amount, code, flag, at, day, uid, doc, raw, label FROM kinds WHERE id = 1"))).Rows[0];
        Assert.Equal<object?>([-3L, "0.5000000000", "ab", 0L, "2024-02-29 10:00:00+00", "2024-02-29", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{\"a\": \"x\", \"b\": [1, 2]}", new byte[] { 0, 255 }, "none"], row);
        var schema = (await TargetDb.QueryAsync(new Statement("SELECT name, type FROM pragma_table_info('kinds') ORDER BY cid"))).Rows.Select(r => $"{r[0]} {r[1]}");
        Assert.Equal(["id INTEGER", "small INTEGER", "real4 REAL", "amount TEXT", "code TEXT", "flag INTEGER", "at TEXT", "day TEXT", "uid TEXT", "doc TEXT", "raw BLOB", "label TEXT"], schema);
        Assert.Equal(["kinds_day"], (await TargetDb.QueryAsync(new Statement("SELECT name FROM pragma_index_list('kinds') WHERE origin = 'c'"))).Rows.Select(r => (string)r[0]!));
        await TargetDb.ExecAsync(new Statement("INSERT INTO kinds (small) VALUES (1)"));
        Assert.Equal([3L, 0L, "none"], (await TargetDb.QueryAsync(new Statement("SELECT id, flag, label FROM kinds WHERE small = 1"))).Rows[0]);
    }

    [Fact]
    public async Task A_nan_that_sqlite_cannot_store_fails_the_copy_naming_table_column_and_row()
    {
        await SourceDb.ExecAsync(new Statement("CREATE TABLE readings (id integer PRIMARY KEY, v double precision)"));
        await SourceDb.ExecAsync(new Statement("INSERT INTO readings VALUES (1, 1.5), (2, 'NaN')"));
        var plan = await Mover.PlanAsync(Source, Target, Name, CancellationToken.None);
        await Mover.StartCaptureAsync(plan, MoveSide.Source, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => Mover.CopyAsync(plan, CancellationToken.None));

        Assert.Equal(ErrorCodes.SwitchRefused, error.ErrorCode);
        Assert.Contains("Table 'readings', column 'v', row with key (id='2'): the value 'NaN' (text) does not fit", error.Message);
    }

    [Fact]
    public async Task A_change_committed_after_a_later_started_one_is_still_replayed_because_seq_order_is_commit_order()
    {
        await SourceDb.ExecAsync(new Statement("CREATE TABLE items (id integer PRIMARY KEY, name text)"));
        var plan = await Mover.PlanAsync(Source, Target, Name, CancellationToken.None);
        await Mover.StartCaptureAsync(plan, MoveSide.Source, CancellationToken.None);
        var copy = await Mover.CopyAsync(plan, CancellationToken.None);

        // A writes first and stays uncommitted; B, an ordinary statement, writes after it.
        await using var first = await ((IDirectAccessEngine)Source).OpenDirectAsync(Name, CancellationToken.None);
        await using var transaction = await first.BeginTransactionAsync();
        await using (var insert = first.CreateCommand())
        {
            insert.CommandText = "INSERT INTO items VALUES (1, 'a')";
            await insert.ExecuteNonQueryAsync();
        }

        var second = SourceDb.ExecAsync(new Statement("INSERT INTO items VALUES (2, 'b')"));
        await Eventually.True(async () => second.IsCompleted || await WaitsForAdvisoryLockAsync(), "B committed or waits behind A");
        var meanwhile = await Mover.CatchUpAsync(plan, MoveSide.Source, copy.SnapshotSeq, null, CancellationToken.None);
        await transaction.CommitAsync();
        await second;
        await CatchUpFullyAsync(plan, MoveSide.Source, meanwhile.LastSeq);

        Assert.Equal(["1|a", "2|b"], await RowsAsync(TargetDb, "SELECT id, name FROM items ORDER BY id"));
    }

    private async Task<bool> WaitsForAdvisoryLockAsync()
    {
        var waiting = await SourceDb.QueryAsync(new Statement("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"));
        return (long)waiting.Rows[0][0]! > 0;
    }

    [Fact]
    public async Task Switching_back_writes_keys_into_an_always_generated_identity_and_the_source_continues_after_them()
    {
        await SourceDb.ExecAsync(new Statement("CREATE TABLE notes (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL)"));
        await SourceDb.ExecAsync(new Statement("INSERT INTO notes (body) VALUES ('one'), ('two')"));
        var plan = await Mover.PlanAsync(Source, Target, Name, CancellationToken.None);
        await Mover.StartCaptureAsync(plan, MoveSide.Source, CancellationToken.None);
        await Mover.CopyAsync(plan, CancellationToken.None);
        await Mover.StartCaptureAsync(plan, MoveSide.Target, CancellationToken.None);

        await TargetDb.ExecAsync(new Statement("INSERT INTO notes (body) VALUES ('three on sqlite')"));
        await TargetDb.ExecAsync(new Statement("UPDATE notes SET body = 'one, edited' WHERE id = 1"));
        await CatchUpFullyAsync(plan, MoveSide.Target, 0);
        await SourceDb.ExecAsync(new Statement("INSERT INTO notes (body) VALUES ('four, back on postgres')"));

        Assert.Equal(["1|one, edited", "2|two", "3|three on sqlite", "4|four, back on postgres"], await RowsAsync(SourceDb, "SELECT id, body FROM notes ORDER BY id"));
    }
}
