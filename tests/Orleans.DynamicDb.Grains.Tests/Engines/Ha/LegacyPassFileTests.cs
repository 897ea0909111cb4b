using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

/// <summary>
/// The libpq password file an earlier version wrote beside a group's members: removed on start, but kept while a
/// postmaster started without <c>PGPASSWORD</c> (by that earlier version) still runs from one of the member folders.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(PostgresCollection.Name)]
public sealed class LegacyPassFileTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempDirectory _root = new();

    private string PassFile => Path.Combine(_root.Path, "pgpass");

    public void Dispose() => _root.Dispose();

    [Fact]
    public void The_file_is_removed_when_no_member_runs()
    {
        File.WriteAllText(PassFile, "127.0.0.1:*:*:postgres:secret\n");
        var stopped = Directory.CreateDirectory(Path.Combine(_root.Path, "m0")).FullName;

        LegacyPassFile.Remove(PassFile, [stopped], NullLogger.Instance);

        Assert.False(File.Exists(PassFile));
    }

    [Fact]
    public void The_file_is_kept_while_a_postmaster_started_without_PGPASSWORD_runs_from_a_member_folder()
    {
        File.WriteAllText(PassFile, "127.0.0.1:*:*:postgres:secret\n");
        var running = postgres.Server.DataDirectory;
        var pid = MemberProcesses.Postmaster(running);
        Assert.NotNull(pid);
        Assert.False(LegacyPassFile.HasPassword(pid.Value), "the fixture's server was started without PGPASSWORD");

        LegacyPassFile.Remove(PassFile, [running], NullLogger.Instance);

        Assert.True(File.Exists(PassFile));
    }
}
