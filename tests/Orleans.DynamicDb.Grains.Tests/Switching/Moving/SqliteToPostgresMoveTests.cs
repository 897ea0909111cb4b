using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Switching.Moving;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

[Collection(PostgresCollection.Name)]
public sealed class SqliteToPostgresMoveTests(PostgresFixture postgres, ITestOutputHelper output) : DatabaseMoverContract(output)
{
    private readonly TempDirectory _source = new();

    protected override Task<IDatabaseEngine> CreateSourceAsync() => Task.FromResult(MoveEngines.Sqlite("sqlite", _source, Loggers));

    protected override Task<IDatabaseEngine> CreateTargetAsync() => Task.FromResult(MoveEngines.Postgres("pg", postgres, Loggers));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _source.Dispose();
    }

    [Fact]
    public async Task Columns_without_a_postgresql_equivalent_are_all_named_before_anything_is_touched()
    {
        await SourceDb.ExecAsync(new Statement("CREATE TABLE things (id INTEGER PRIMARY KEY, anything, shape GEOMETRY, made TEXT DEFAULT (datetime('now')))"));

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => Mover.PlanAsync(Source, Target, Name, CancellationToken.None));

        Assert.Equal(ErrorCodes.SwitchRefused, error.ErrorCode);
        Assert.Contains("table 'things' column 'anything' has no declared type", error.Message);
        Assert.Contains("table 'things' column 'shape' has the type 'GEOMETRY'", error.Message);
        Assert.Contains("table 'things' column 'made' has the default", error.Message);
        Assert.Empty(await ReservedObjectsAsync(Source));
        Assert.Empty((await TargetDb.GetSchemaAsync()).Tables);
    }

    [Fact]
    public async Task A_value_that_does_not_fit_its_target_type_fails_the_copy_naming_table_column_and_row()
    {
        await SourceDb.ExecAsync(new Statement("CREATE TABLE counts (id INTEGER PRIMARY KEY, n INTEGER)"));
        await SourceDb.ExecAsync(new Statement("INSERT INTO counts (id, n) VALUES (1, 5), (2, 'abc'), (3, 7)"));
        var plan = await Mover.PlanAsync(Source, Target, Name, CancellationToken.None);
        await Mover.StartCaptureAsync(plan, MoveSide.Source, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => Mover.CopyAsync(plan, CancellationToken.None));

        Assert.Equal(ErrorCodes.SwitchRefused, error.ErrorCode);
        Assert.Contains("Table 'counts', column 'n', row with key (id=2): the value 'abc' (text) does not fit", error.Message);
    }

    [Fact]
    public async Task A_value_written_during_the_move_that_does_not_fit_fails_the_catch_up_naming_it()
    {
        await SourceDb.ExecAsync(new Statement("CREATE TABLE counts (id INTEGER PRIMARY KEY, n INTEGER)"));
        var plan = await Mover.PlanAsync(Source, Target, Name, CancellationToken.None);
        await Mover.StartCaptureAsync(plan, MoveSide.Source, CancellationToken.None);
        var copy = await Mover.CopyAsync(plan, CancellationToken.None);
        await SourceDb.ExecAsync(new Statement("INSERT INTO counts (id, n) VALUES (9, x'00ff')"));

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => Mover.CatchUpAsync(plan, MoveSide.Source, copy.SnapshotSeq, null, CancellationToken.None));

        Assert.Equal(ErrorCodes.SwitchRefused, error.ErrorCode);
        Assert.Contains("Table 'counts', column 'n', row with key (id=9): the value 2 bytes (blob) does not fit", error.Message);
    }

    [Fact]
    public async Task Types_translate_and_translated_values_compare_equal()
    {
        await SourceDb.ExecAsync(new Statement("""
            CREATE TABLE kinds (
                id INTEGER PRIMARY KEY, big BIGINT NOT NULL DEFAULT 0, ratio DOUBLE, label VARCHAR(5), note CLOB, raw BLOB,
                amount DECIMAL(10, 2), yes BOOLEAN DEFAULT 1, at DATETIME)
            """));
        await SourceDb.ExecAsync(new Statement("CREATE UNIQUE INDEX kinds_label ON kinds (label)"));
        await SourceDb.ExecAsync(Statement.Of(
            "INSERT INTO kinds (id, big, ratio, label, note, raw, amount, yes, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            1L, long.MaxValue, 0.1 + 0.2, "longer than five", "tab\there\nnewline \\ backslash", new byte[] { 0, 1, 2, 255 }, 12.5, 1L, "2024-02-29 10:00:00"));
        await SourceDb.ExecAsync(Statement.Of("INSERT INTO kinds (id, ratio, amount, yes) VALUES (2, ?, ?, 0)", -1e300, "123456789.123456789"));
        var plan = await Mover.PlanAsync(Source, Target, Name, CancellationToken.None);
        await Mover.StartCaptureAsync(plan, MoveSide.Source, CancellationToken.None);

        await Mover.CopyAsync(plan, CancellationToken.None);
        await SourceDb.ExecAsync(Statement.Of("INSERT INTO kinds (id, ratio, label, yes) VALUES (3, ?, 'x''y', 1)", double.MaxValue));
        await CatchUpFullyAsync(plan, MoveSide.Source, 0);

        var report = await Mover.ValidateAsync(plan, null, null, CancellationToken.None);
        Assert.True(report.Passed, string.Join("; ", report.Mismatches));
        var columns = (await TargetDb.QueryAsync(new Statement(
            "SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = 'kinds' ORDER BY ordinal_position"))).Rows.Select(r => (string)r[0]!);
        Assert.Equal(["id bigint", "big bigint", "ratio double precision", "label text", "note text", "raw bytea", "amount numeric", "yes boolean", "at text"], columns);
        var row = (await TargetDb.QueryAsync(new Statement("SELECT big, ratio, note, raw, amount, yes, at FROM kinds WHERE id = 1"))).Rows[0];
        Assert.Equal([long.MaxValue, 0.1 + 0.2, "tab\there\nnewline \\ backslash", new byte[] { 0, 1, 2, 255 }, 12.5m, true, "2024-02-29 10:00:00"], row);
        // SQLite's NUMERIC affinity kept the text as the REAL 123456789.12345679 (it keeps 15 digits); that value moves exactly.
        Assert.Equal(123456789.12345679m, (await TargetDb.QueryAsync(new Statement("SELECT amount FROM kinds WHERE id = 2"))).Rows[0][0]);
        await TargetDb.ExecAsync(new Statement("INSERT INTO kinds (id) VALUES (4)"));
        Assert.Equal([0L, true], (await TargetDb.QueryAsync(new Statement("SELECT big, yes FROM kinds WHERE id = 4"))).Rows[0]);
        var duplicate = await Assert.ThrowsAsync<DynamicDbException>(() => TargetDb.ExecAsync(new Statement("INSERT INTO kinds (id, label) VALUES (5, 'x''y')")));
        Assert.Contains("kinds_label", duplicate.Message);
    }
}
