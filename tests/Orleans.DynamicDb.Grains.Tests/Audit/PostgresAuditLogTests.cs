using System.Data.Common;
using Npgsql;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Audit;

/// <summary>The audit log in a PostgreSQL catalog (shared by the silos of a cluster), each test in its own database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditLogTests(PostgresFixture postgres) : AuditLogContract
{
    protected override string Invariant => "Npgsql";

    protected override Task<string> NewStoreAsync() => postgres.Server.CreateDatabaseAsync("audit");

    protected override DbConnection Connect(string connectionString) => new NpgsqlConnection(connectionString);
}
