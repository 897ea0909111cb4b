using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Health;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Engines.Health;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>A SQLite engine whose data directory is on a real, tiny file system that runs full.</summary>
public sealed class SqliteDiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_write_on_a_full_disk_fails_as_an_engine_failure_and_writes_work_again_once_space_is_freed()
    {
        await using var disk = await SmallFileSystem.MountAsync(kibibytes: 8192);
        await using var engine = new SqliteTestEngine(output, options => options.DataDirectory = disk.Path);
        var connection = await engine.OpenAsync("shop");
        await connection.ExecAsync(new Statement("CREATE TABLE t (b BLOB NOT NULL)"));
        var ballast = disk.Fill("ballast", 6 * 1024 * 1024);

        DynamicDbException? full = null;
        for (var i = 0; i < 100 && full is null; i++)
        {
            try
            {
                await connection.ExecAsync(new Statement("INSERT INTO t VALUES (randomblob(65536))"));
            }
            catch (DynamicDbException e)
            {
                full = e;
            }
        }

        Assert.NotNull(full);
        output.WriteLine(full.Message);
        Assert.Equal(ErrorCodes.EngineUnavailable, full.ErrorCode);
        Assert.Contains("database or disk is full", full.Message, StringComparison.Ordinal);
        Assert.True(EngineOutcomeReporter.IsEngineFailure(full.ErrorCode));

        File.Delete(ballast);
        await connection.ExecAsync(new Statement("INSERT INTO t VALUES (randomblob(65536))"));
    }
}
