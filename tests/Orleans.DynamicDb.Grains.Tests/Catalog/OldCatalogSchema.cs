using System.Data.Common;

namespace Orleans.DynamicDb.Grains.Tests.Catalog;

/// <summary>The catalog table as the first schema created it (before activation epochs), with one row in it.</summary>
internal static class OldCatalogSchema
{
    public const string CreateTable = """
        CREATE TABLE dyndb_databases (
            app TEXT NOT NULL,
            database_name TEXT NOT NULL,
            engine TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at_ms BIGINT NOT NULL,
            last_activity_ms BIGINT NOT NULL,
            hibernation_timeout_ms BIGINT NULL,
            PRIMARY KEY (app, database_name))
        """;

    public const string InsertRow = """
        INSERT INTO dyndb_databases VALUES ('shop', 'orders', 'sqlite', 'hibernated', 1700000000000, 1700000500000, 30000)
        """;

    public static async Task CreateAsync(DbConnection connection)
    {
        await connection.OpenAsync();
        foreach (var sql in new[] { CreateTable, InsertRow })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}
