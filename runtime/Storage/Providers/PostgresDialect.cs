using System.Data.Common;
using Npgsql;

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>PostgreSQL through Npgsql: row locks keep writers apart; an advisory lock serializes schema changes.</summary>
internal sealed class PostgresDialect(string connectionString) : AdoNetDialect
{
    /// <summary>
    /// The providers leave no session state behind (schema locks are transaction-scoped), so resetting a pooled
    /// session on every return is pure cost (~20 % of a write, bench/RESULTS.md): skip it unless the user chose.
    /// </summary>
    private readonly string _connectionString = WithoutSessionReset(connectionString);

    /// <summary>The advisory lock every DynamicDb schema change takes ("dyndb" in ASCII).</summary>
    private const long SchemaLockKey = 0x64796E6462;

    public override string DisplayName => "PostgreSQL";

    public override string TimestampType => "TIMESTAMPTZ";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async Task<DbTransaction> BeginSchemaTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", command => command.With("key", SchemaLockKey), cancellationToken, transaction).ConfigureAwait(false);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string WithoutSessionReset(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
