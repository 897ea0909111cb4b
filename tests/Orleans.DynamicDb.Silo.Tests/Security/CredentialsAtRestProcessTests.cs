using Npgsql;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// Real silo processes on a shared PostgreSQL catalog with a registered <c>postgres</c> engine: the tenant role's password
/// is stored encrypted with the catalog's key ring (no folder ring), and a silo restarted on another data directory (as
/// another silo of the cluster would be) opens the database with it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CredentialsAtRestProcessTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const string Prefix = "dyndb-protected:v1:";

    [Fact]
    public async Task A_silo_on_a_shared_catalog_stores_the_tenant_password_encrypted_and_another_silo_opens_the_database_with_it()
    {
        using var data = new TempDirectory();
        var catalog = await postgres.Server.CreateDatabaseAsync("catalog");
        var database = "cred_" + Guid.NewGuid().ToString("N")[..10];
        string[] arguments =
        [
            .. GatewaySilo.AuthArguments,
            "--DynamicDb:Databases:CatalogInvariant", "Npgsql",
            "--DynamicDb:Databases:CatalogConnectionString", catalog,
            "--DynamicDb:Engines:0:Id", "pg",
            "--DynamicDb:Engines:0:Kind", "postgres",
            "--DynamicDb:Engines:0:ConnectionString", postgres.Server.ConnectionString,
        ];

        await using (var first = SiloProcess.Start(data.Combine("silo1"), arguments))
        {
            await first.WaitUntilReadyAsync();
            using var http = Http(first);
            var app = Client(http);
            (await app.ExecAsync(database, "CREATE TABLE notes (v TEXT)")).EnsureOk();
            (await app.ExecAsync(database, "INSERT INTO notes VALUES ('written by silo 1')")).EnsureOk();
            output.WriteLine("silo 1 wrote its row");
        }

        var stored = (string)(await ScalarAsync(postgres.Server.ConnectionString,
            $"SELECT password FROM dyndb.tenant_roles WHERE database_name = 'alpha_{database}'"))!;
        Assert.StartsWith(Prefix, stored);
        Assert.True((long)(await ScalarAsync(catalog, "SELECT count(*) FROM dyndb_data_protection_keys"))! >= 1, "the key ring is in the catalog");
        Assert.False(Directory.Exists(data.Combine("silo1", "keys")), "no folder ring beside the catalog's");

        await using var second = SiloProcess.Start(data.Combine("silo2"), arguments);
        await second.WaitUntilReadyAsync();
        using var http2 = Http(second);
        var rows = await Client(http2).RowsAsync(database, "SELECT v FROM notes");
        Assert.Equal("written by silo 1", Assert.Single(rows).GetProperty("v").GetString());
        Assert.Equal(stored, await ScalarAsync(postgres.Server.ConnectionString,
            $"SELECT password FROM dyndb.tenant_roles WHERE database_name = 'alpha_{database}'"));
    }

    private static HttpClient Http(SiloProcess silo) => new() { BaseAddress = silo.Address, Timeout = TimeSpan.FromSeconds(60) };

    private static GatewayClient Client(HttpClient http) => new(http, [("X-API-Key", GatewaySilo.AlphaKey)]);

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
