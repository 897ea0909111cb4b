using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Switching.Moving;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

/// <summary>The copy tells its progress (rows every <see cref="DatabaseMover.ProgressRows"/> within a table, rows and bytes after each table).</summary>
public sealed class MoverProgressTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _source = new();
    private readonly TempDirectory _target = new();

    [Fact]
    public async Task The_copy_reports_rows_within_a_table_and_rows_and_bytes_after_each_table_ending_at_its_totals()
    {
        using var loggers = TestOutputLoggerProvider.CreateFactory(output);
        await using var source = MoveEngines.Sqlite("sqlite-a", _source, loggers);
        await using var target = MoveEngines.Sqlite("sqlite-b", _target, loggers);
        var name = DatabaseName.Create("move", "progress");
        await using (var db = await source.OpenAsync(name))
        {
            await db.ExecAsync(Statement.Of("CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
            await db.ExecAsync(Statement.Of("CREATE TABLE small (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
            await db.ExecAsync(Statement.Of("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2500) INSERT INTO big SELECT x, printf('%040d', x) FROM c"));
            await db.ExecAsync(Statement.Of("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 700) INSERT INTO small SELECT x, printf('%040d', x) FROM c"));
        }

        await using var targetDb = await target.OpenAsync(name);
        var mover = new DatabaseMover(loggers.CreateLogger<DatabaseMover>());
        var plan = await mover.PlanAsync(source, target, name, CancellationToken.None);
        await mover.StartCaptureAsync(plan, MoveSide.Source, CancellationToken.None);
        var reports = new List<(long Rows, long Bytes)>();

        var copy = await mover.CopyAsync(plan, CancellationToken.None, (rows, bytes) => reports.Add((rows, bytes)));

        output.WriteLine(string.Join(", ", reports));
        Assert.Equal(3200, copy.Rows);
        Assert.Equal(4, reports.Count);
        Assert.Equal((copy.Rows, copy.Bytes), reports[^1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Rows < p.Second.Rows && p.First.Bytes <= p.Second.Bytes), string.Join(", ", reports));
        Assert.Contains(reports, r => r.Rows % DatabaseMover.ProgressRows == 0 && r.Rows < 3200);
    }

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }
}
