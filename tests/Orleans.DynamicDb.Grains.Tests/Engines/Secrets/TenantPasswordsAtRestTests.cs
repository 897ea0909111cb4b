using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Secrets;

/// <summary>
/// Tenant role passwords in <c>dyndb.tenant_roles</c> of a registered server: stored encrypted, read back after a restart,
/// plaintext rows of an earlier version migrated, a ring that cannot decrypt them named instead of a silent reset.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TenantPasswordsAtRestTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ILoggerFactory _loggers = TestOutputLoggerProvider.CreateFactory(output);
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly TempDirectory _root = new();

    private string KeyRing => Path.Combine(_root.Path, "keys");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }

        _loggers.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task The_stored_password_is_encrypted_and_the_database_works_after_a_restart()
    {
        var name = NewName();
        await using (var first = Engine(new SecretProtector(KeyRing)))
        {
            await ExecAsync(await OpenAsync(first, name), "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')");
        }

        var stored = await StoredPasswordAsync(name);
        var password = new SecretProtector(KeyRing).Unprotect(SecretPurposes.TenantRolePassword, stored, "test");
        Assert.StartsWith(SecretProtector.ValuePrefix, stored);
        Assert.DoesNotContain(password, stored);
        Assert.Equal(64, password.Length);
        await LoginAsync(name, password);

        await using var restarted = Engine(new SecretProtector(KeyRing));
        Assert.Equal("kept", await ScalarAsync(await OpenAsync(restarted, name), "SELECT v FROM t"));
        Assert.Equal(stored, await StoredPasswordAsync(name));
    }

    [Fact]
    public async Task A_plaintext_row_of_an_earlier_version_still_opens_and_is_re_encrypted()
    {
        var name = NewName();
        await using (var first = Engine(new SecretProtector(KeyRing)))
        {
            await ExecAsync(await OpenAsync(first, name), "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('older')");
        }

        const string plaintext = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        await AsOlderVersionAsync(name, plaintext);

        await using var engine = Engine(new SecretProtector(KeyRing));
        Assert.Equal("older", await ScalarAsync(await OpenAsync(engine, name), "SELECT v FROM t"));

        var stored = await StoredPasswordAsync(name);
        Assert.StartsWith(SecretProtector.ValuePrefix, stored);
        Assert.DoesNotContain(plaintext, stored);
        Assert.Equal(plaintext, new SecretProtector(KeyRing).Unprotect(SecretPurposes.TenantRolePassword, stored, "test"));
    }

    [Fact]
    public async Task The_start_up_pass_re_encrypts_plaintext_rows_without_opening_the_database()
    {
        var name = NewName();
        await using (var first = Engine(new SecretProtector(KeyRing)))
        {
            await OpenAsync(first, name);
        }

        const string plaintext = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
        await AsOlderVersionAsync(name, plaintext);

        await using var engine = Engine(new SecretProtector(KeyRing));
        await engine.MigrateExistingAsync([name], maxParallelism: 2);

        var stored = await StoredPasswordAsync(name);
        Assert.StartsWith(SecretProtector.ValuePrefix, stored);
        Assert.Equal(plaintext, new SecretProtector(KeyRing).Unprotect(SecretPurposes.TenantRolePassword, stored, "test"));
        Assert.Equal(0, await ScalarAsync(postgres.Server.ConnectionString,
            $"SELECT count(*)::int FROM dyndb.tenant_roles WHERE left(password, {SecretProtector.ValuePrefix.Length}) <> '{SecretProtector.ValuePrefix}'"));
    }

    [Fact]
    public async Task A_row_another_key_ring_encrypted_fails_naming_the_database_and_the_ring_and_is_left_as_it_is()
    {
        var name = NewName();
        await using (var first = Engine(new SecretProtector(KeyRing)))
        {
            await OpenAsync(first, name);
        }

        var stored = await StoredPasswordAsync(name);
        var otherRing = Path.Combine(_root.Path, "other-keys");

        await using var other = Engine(new SecretProtector(otherRing));
        var error = await Assert.ThrowsAsync<DynamicDbException>(() => other.OpenAsync(name));

        Assert.Equal(ErrorCodes.SecretUnreadable, error.ErrorCode);
        Assert.Contains(name.FullName, error.Message);
        Assert.Contains(otherRing, error.Message);
        Assert.Contains("'pg'", error.Message);
        Assert.Equal(stored, await StoredPasswordAsync(name));
    }

    private static DatabaseName NewName() => DatabaseName.Create("cred", "db_" + Guid.NewGuid().ToString("N")[..12]);

    private PostgresEngine Engine(SecretProtector secrets)
    {
        var engine = new PostgresEngine(
            new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres, ConnectionString = postgres.Server.ConnectionString },
            _loggers.CreateLogger<PostgresEngine>(), secrets: secrets);
        return engine;
    }

    private async Task<IDatabaseConnection> OpenAsync(IDatabaseEngine engine, DatabaseName name)
    {
        var connection = await engine.OpenAsync(name);
        _disposables.Add(connection);
        return connection;
    }

    /// <summary>What an earlier version left: the password in plaintext in the row, and the role logging in with it.</summary>
    private async Task AsOlderVersionAsync(DatabaseName name, string plaintext)
    {
        var role = TenantRoles.RoleName(name.FullName);
        await using var admin = new NpgsqlConnection(postgres.Server.ConnectionString);
        await admin.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE dyndb.tenant_roles SET password = $1 WHERE role_name = $2", admin);
        update.Parameters.Add(new NpgsqlParameter { Value = plaintext });
        update.Parameters.Add(new NpgsqlParameter { Value = role });
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
        await using var alter = new NpgsqlCommand($"ALTER ROLE \"{role}\" PASSWORD '{plaintext}'", admin);
        await alter.ExecuteNonQueryAsync();
    }

    private async Task<string> StoredPasswordAsync(DatabaseName name) => (string)(await ScalarAsync(postgres.Server.ConnectionString,
        $"SELECT password FROM dyndb.tenant_roles WHERE role_name = '{TenantRoles.RoleName(name.FullName)}'"))!;

    private async Task LoginAsync(DatabaseName name, string password)
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionStringFor(name.FullName))
        {
            Username = TenantRoles.RoleName(name.FullName),
            Password = password,
            Pooling = false,
        };
        Assert.Equal(builder.Username, await ScalarAsync(builder.ConnectionString, "SELECT current_user::text"));
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecAsync(IDatabaseConnection connection, string sql)
    {
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await connection.ExecAsync(new Statement(statement, []));
        }
    }

    private static async Task<object?> ScalarAsync(IDatabaseConnection connection, string sql)
    {
        var result = await connection.QueryAsync(new Statement(sql, []));
        return result.Rows[0][0];
    }
}
