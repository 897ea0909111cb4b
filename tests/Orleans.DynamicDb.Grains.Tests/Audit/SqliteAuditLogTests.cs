using System.Data.Common;
using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Audit;

/// <summary>The audit log in the embedded SQLite catalog file.</summary>
public sealed class SqliteAuditLogTests : AuditLogContract, IDisposable
{
    private readonly TempDirectory _root = new();

    protected override string Invariant => "Microsoft.Data.Sqlite";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    protected override Task<string> NewStoreAsync() => Task.FromResult($"Data Source={Path.Combine(_root.Path, Guid.NewGuid().ToString("N"), "catalog.db")}");

    protected override DbConnection Connect(string connectionString) => new SqliteConnection(connectionString);
}
