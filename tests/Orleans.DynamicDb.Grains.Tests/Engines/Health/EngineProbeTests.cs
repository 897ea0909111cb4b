using Orleans.DynamicDb.Engines.Health;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

/// <summary>The probes of each engine kind against real directories and a real PostgreSQL server.</summary>
public sealed class EngineProbeTests
{
    [Fact]
    public async Task A_sqlite_probe_passes_on_a_writable_directory_and_leaves_nothing_behind()
    {
        using var directory = new TempDirectory();

        await new SqliteProbe(directory.Path, EngineHealthOptions.DefaultMinFreeSpaceBytes).ProbeAsync(CancellationToken.None);

        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }

    [Fact]
    public async Task A_sqlite_probe_fails_on_a_read_only_directory()
    {
        using var directory = new TempDirectory();
        var probe = new SqliteProbe(directory.Path, EngineHealthOptions.DefaultMinFreeSpaceBytes);

        await using (await ReadOnlyDirectory.MakeAsync(directory.Path))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => probe.ProbeAsync(CancellationToken.None));
            Assert.Contains($"The data directory '{directory.Path}' is not writable", e.Message, StringComparison.Ordinal);
        }

        await probe.ProbeAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_sqlite_probe_fails_when_free_space_is_below_the_floor()
    {
        using var directory = new TempDirectory();

        var e = await Assert.ThrowsAsync<IOException>(() => new SqliteProbe(directory.Path, long.MaxValue).ProbeAsync(CancellationToken.None));

        Assert.Contains("Health:MinFreeSpaceBytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sqlite_probe_fails_on_a_real_file_system_with_less_free_space_than_the_floor_naming_path_and_numbers()
    {
        await using var disk = await SmallFileSystem.MountAsync(kibibytes: 4096);
        var data = Path.Combine(disk.Path, "data");
        var probe = new SqliteProbe(data, minFreeSpaceBytes: 1024 * 1024);
        await probe.ProbeAsync(CancellationToken.None);

        disk.Fill("ballast", 3584 * 1024);
        var e = await Assert.ThrowsAsync<IOException>(() => probe.ProbeAsync(CancellationToken.None));

        Assert.Contains($"The file system of the data directory '{data}' has ", e.Message, StringComparison.Ordinal);
        Assert.Contains("less than the 1 MiB (1048576 bytes) of setting Health:MinFreeSpaceBytes", e.Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(disk.Path, "ballast"));
        await probe.ProbeAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_sqlite_probe_fails_on_a_full_file_system_even_with_no_free_space_floor()
    {
        await using var disk = await SmallFileSystem.MountAsync(kibibytes: 1024);
        var probe = new SqliteProbe(disk.Path, minFreeSpaceBytes: 0);
        await probe.ProbeAsync(CancellationToken.None);

        var ballast = disk.FillUp("ballast");
        var e = await Assert.ThrowsAsync<IOException>(() => probe.ProbeAsync(CancellationToken.None));

        Assert.Contains($"The data directory '{disk.Path}' is not writable", e.Message, StringComparison.Ordinal);
        File.Delete(ballast);
        await probe.ProbeAsync(CancellationToken.None);
        Assert.Empty(Directory.EnumerateFileSystemEntries(disk.Path));
    }

    [Fact]
    public async Task A_postgres_probe_passes_while_the_server_runs_and_fails_while_it_is_stopped()
    {
        await using var server = await PostgresServer.StartAsync();
        var probe = new PostgresProbe(server.ConnectionString, TimeSpan.FromSeconds(5));
        await probe.ProbeAsync(CancellationToken.None);

        await server.StopAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => probe.ProbeAsync(CancellationToken.None));

        await server.RestartAsync();
        await probe.ProbeAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_managed_postgres_probe_needs_the_server_binary_and_a_writable_data_directory()
    {
        using var directory = new TempDirectory();
        await new ManagedPostgresProbe(PostgresServer.DefaultBinDirectory, directory.Path).ProbeAsync(CancellationToken.None);

        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => new ManagedPostgresProbe(directory.Path, directory.Path).ProbeAsync(CancellationToken.None));
        Assert.Contains($"'{Path.Combine(directory.Path, "postgres")}' does not exist", missing.Message, StringComparison.Ordinal);

        await using (await ReadOnlyDirectory.MakeAsync(directory.Path))
        {
            await Assert.ThrowsAsync<IOException>(() => new ManagedPostgresProbe(PostgresServer.DefaultBinDirectory, directory.Path).ProbeAsync(CancellationToken.None));
        }
    }
}
