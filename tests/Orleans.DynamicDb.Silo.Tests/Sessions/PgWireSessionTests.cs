using System.Net;
using System.Text.Json;
using Npgsql;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.PgWire;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Sessions;

/// <summary>Sessions of real PostgreSQL wire clients (Npgsql and a raw socket client) seen through <c>/v1/admin/sessions</c>.</summary>
public sealed class PgWireSessionTests(PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private async Task<SessionApi> ApiAsync() => new(await fixture.GetAsync(() => SessionApi.Arguments));

    [Fact]
    public async Task A_wire_connection_is_a_session_with_its_app_database_application_name_and_privilege_while_connected()
    {
        var api = await ApiAsync();
        var database = await api.NewDatabaseAsync();
        var builder = new NpgsqlConnectionStringBuilder(api.Silo.ConnectionString("alpha", GatewaySilo.AlphaKey, database)) { ApplicationName = "billing-worker" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();

        var session = await api.WaitForAsync($"database={database}", s => s.GetProperty("state").GetString() == "open", "the wire session is listed open");

        Assert.Equal("pgwire", session.GetProperty("protocol").GetString());
        Assert.Equal("alpha", session.GetProperty("app").GetString());
        Assert.Equal("alpha", session.GetProperty("user").GetString());
        Assert.Equal(database, session.GetProperty("database").GetString());
        Assert.Equal("127.0.0.1", session.GetProperty("client_address").GetString());
        Assert.InRange(session.GetProperty("client_port").GetInt32(), 1, 65535);
        Assert.Equal("billing-worker", session.GetProperty("application_name").GetString());
        Assert.Equal("app", session.GetProperty("privilege").GetString());
        Assert.StartsWith("key:sha256:", session.GetProperty("credential_id").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(GatewaySilo.AlphaKey, session.GetRawText(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(session.GetProperty("host").GetString()));
    }

    [Fact]
    public async Task Statements_are_counted_as_reads_and_writes_with_the_rows_returned_and_settings_follow_SET()
    {
        var api = await ApiAsync();
        var database = await api.NewDatabaseAsync();
        await using var connection = new NpgsqlConnection(api.Silo.ConnectionString("alpha", GatewaySilo.AlphaKey, database));
        await connection.OpenAsync();
        await ExecAsync(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
        for (var i = 0; i < 5; i++)
        {
            await ExecAsync(connection, $"INSERT INTO t (id, name) VALUES ({i}, 'n{i}')");
        }

        for (var i = 0; i < 3; i++)
        {
            await using var select = new NpgsqlCommand("SELECT id, name FROM t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }

        await ExecAsync(connection, "SET application_name = 'renamed'");

        var session = await api.WaitForAsync($"database={database}",
            s => s.GetProperty("load").GetProperty("statements").GetInt64() >= 9 && s.GetProperty("application_name").GetString() == "renamed",
            "nine statements and the new application_name are reported");
        var load = session.GetProperty("load");
        Assert.Equal(6, load.GetProperty("writes").GetInt64());
        Assert.Equal(3, load.GetProperty("reads").GetInt64());
        Assert.Equal(15, load.GetProperty("rows").GetInt64());
        Assert.Equal(0, load.GetProperty("errors").GetInt64());
        Assert.Equal(9, load.GetProperty("transactions").GetInt64());
        Assert.Equal(1.0, load.GetProperty("statements_per_transaction").GetDouble());
        Assert.True(load.GetProperty("p99_ms").GetDouble() >= load.GetProperty("p50_ms").GetDouble());
        Assert.True(load.GetProperty("p50_ms").GetDouble() > 0);
        Assert.True(load.GetProperty("bytes").GetInt64() > 0);
        Assert.True(load.GetProperty("server_time_ms").GetDouble() > 0);
        Assert.True(load.GetProperty("rate_per_second").GetDouble() > 0);
    }

    [Fact]
    public async Task Statements_inside_BEGIN_and_COMMIT_count_as_one_transaction()
    {
        var api = await ApiAsync();
        var database = await api.NewDatabaseAsync();
        await using var connection = new NpgsqlConnection(api.Silo.ConnectionString("alpha", GatewaySilo.AlphaKey, database));
        await connection.OpenAsync();
        await ExecAsync(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            for (var i = 0; i < 3; i++)
            {
                await using var insert = new NpgsqlCommand($"INSERT INTO t (id) VALUES ({i})", connection, transaction);
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        var session = await api.WaitForAsync($"database={database}",
            s => s.GetProperty("load").GetProperty("statements").GetInt64() >= 4 && s.GetProperty("load").GetProperty("transactions").GetInt64() >= 2,
            "four statements in two transactions are reported");
        var load = session.GetProperty("load");
        Assert.Equal(4, load.GetProperty("statements").GetInt64());
        Assert.Equal(4, load.GetProperty("writes").GetInt64());
        Assert.Equal(3, load.GetProperty("in_transaction").GetInt64());
        Assert.Equal(2, load.GetProperty("transactions").GetInt64());
        Assert.Equal(2.0, load.GetProperty("statements_per_transaction").GetDouble());
    }

    [Fact]
    public async Task A_read_only_key_makes_a_read_only_session()
    {
        var api = await ApiAsync();
        var database = await api.NewDatabaseAsync();
        await using var connection = new NpgsqlConnection(api.Silo.ConnectionString("alpha", GatewaySilo.AlphaReadOnlyKey, database));
        await connection.OpenAsync();

        var session = await api.WaitForAsync($"database={database}", s => s.GetProperty("state").GetString() == "open", "the read-only session is listed");

        Assert.Equal("read_only", session.GetProperty("privilege").GetString());
    }

    [Fact]
    public async Task The_session_shows_the_clients_own_port_and_is_closed_when_the_client_leaves_then_gone_after_the_tail()
    {
        var api = await ApiAsync();
        var database = await api.NewDatabaseAsync();
        string id;
        await using (var client = await RawPgClient.LoginAsync(api.Silo.Port, "alpha", GatewaySilo.AlphaKey, database))
        {
            var session = await api.WaitForAsync($"database={database}", s => s.GetProperty("state").GetString() == "open", "the raw client's session is listed");
            Assert.Equal(client.LocalPort, session.GetProperty("client_port").GetInt32());
            id = session.GetProperty("id").GetString()!;
            await client.SendAsync('X', []);
        }

        var closed = await api.WaitForSessionAsync(id, r => r.Status == HttpStatusCode.OK && r.Json.GetProperty("state").GetString() == "closed", "the session closes with the connection");
        Assert.Equal("the client closed the connection", closed.Json.GetProperty("close_reason").GetString());
        Assert.NotEqual(JsonValueKind.Null, closed.Json.GetProperty("closed_at").ValueKind);

        await api.WaitForSessionAsync(id, r => r.Status == HttpStatusCode.NotFound, "the closed session is forgotten after RetainClosedFor (2 s)");
        Assert.Empty(await api.ListAsync($"database={database}"));
    }

    [Fact]
    public async Task Killing_a_wire_session_closes_the_clients_socket_with_57P01()
    {
        var api = await ApiAsync();
        var database = await api.NewDatabaseAsync();
        await using var client = await RawPgClient.LoginAsync(api.Silo.Port, "alpha", GatewaySilo.AlphaKey, database);
        var session = await api.WaitForAsync($"database={database}", s => s.GetProperty("state").GetString() == "open", "the session is listed");
        var id = session.GetProperty("id").GetString()!;

        var killed = (await api.Admin.DeleteAsync($"/v1/admin/sessions/{id}")).EnsureOk();

        Assert.True(killed.Json.GetProperty("killed").GetBoolean());
        var (type, payload) = await Eventually.Within(client.ReadAsync(), "the server's answer to the kill");
        Assert.Equal('E', type);
        var (code, message, severity) = RawPgClient.Error(payload);
        Assert.Equal("57P01", code);
        Assert.Equal("FATAL", severity);
        Assert.Contains("killed", message, StringComparison.Ordinal);
        Assert.Equal('\0', (await Eventually.Within(client.ReadAsync(), "the socket's end")).Type);
        var closed = await api.WaitForSessionAsync(id, r => r.Status == HttpStatusCode.OK && r.Json.GetProperty("state").GetString() == "closed", "the killed session is closed");
        Assert.StartsWith("killed", closed.Json.GetProperty("close_reason").GetString(), StringComparison.Ordinal);

        var again = await api.Admin.DeleteAsync($"/v1/admin/sessions/{id}");
        Assert.Contains(id, again.AssertProblem(HttpStatusCode.Conflict, "session.not_open"), StringComparison.Ordinal);
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
