using System.Data.Common;

namespace Orleans.DynamicDb.Audit;

/// <summary>
/// The table <c>dyndb_audit</c> in the catalog database (SQLite or PostgreSQL), created when missing. Rows are only ever
/// inserted; <c>seq</c> is given by the appender (previous + 1) under the append lock, so the sequence has no gaps.
/// </summary>
internal static class AuditSchema
{
    /// <summary>The advisory lock key of appends on PostgreSQL ("dyndbaud" as a number); also taken for the schema step.</summary>
    public const long PostgresLockKey = 0x6479_6E64_6261_7564;

    public const string Table = """
        CREATE TABLE IF NOT EXISTS dyndb_audit (
            seq BIGINT NOT NULL PRIMARY KEY,
            at_ms BIGINT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            result TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL)
        """;

    public static async Task ApplyAsync(DbConnection connection, bool sqlite, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!sqlite)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresLockKey})", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, Table, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
