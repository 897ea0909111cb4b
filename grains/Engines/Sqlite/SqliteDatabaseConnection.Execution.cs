using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>Running one statement: pooled connections, bound parameters, the statement timeout and error mapping.</summary>
internal sealed partial class SqliteDatabaseConnection
{
    private const int Interrupted = 9;

    /// <summary>
    /// The read-only scope of <paramref name="prepared"/> on <paramref name="connection"/> (<see cref="SqliteConnectionPolicy.AsReadOnly"/>)
    /// when it must run read-only, otherwise a scope that changes nothing. Hold it until the reader is disposed: disposing a
    /// reader compiles and runs the statements of the text it did not read.
    /// </summary>
    internal static SqliteConnectionPolicy.Scope ReadOnlyScope(SqliteTenantConnection connection, PreparedStatement prepared) =>
        prepared.ReadOnly ? connection.Policy.AsReadOnly() : default;

    /// <summary>
    /// Throws the read-only refusal of a later statement of the text that Microsoft.Data.Sqlite dropped: disposing a reader
    /// runs the statements it did not read and swallows their failures, so the refusal is only on the policy.
    /// </summary>
    internal void ThrowIfRefusedReadOnly(SqliteTenantConnection connection, PreparedStatement prepared)
    {
        if (prepared.ReadOnly && connection.Policy.TakeDenial() is { ReadOnly: true } denied)
        {
            throw SqliteErrors.ReadOnly(name, denied.Message);
        }
    }

    internal ExecResult Execute(SqliteTenantConnection connection, SqliteTransaction? transaction, PreparedStatement prepared, CancellationToken cancellationToken)
    {
        using var readOnly = ReadOnlyScope(connection, prepared);
        using var command = CreateCommand(connection, transaction, prepared);
        return Guard(connection, () =>
        {
            SqliteNative.ResetLastInsertRowId(connection);
            var changesBefore = SqliteNative.TotalChanges(connection);
            var rows = command.ExecuteNonQuery();
            ThrowIfRefusedReadOnly(connection, prepared);

            // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE, so DDL would repeat it: a statement
            // that changed no row (the total did not move) affected none.
            if (SqliteNative.TotalChanges(connection) == changesBefore)
            {
                rows = 0;
            }

            var rowId = SqliteNative.LastInsertRowId(connection);
            return new ExecResult(Math.Max(rows, 0), rowId != 0 ? rowId : null);
        }, cancellationToken);
    }

    private void Run(SqliteTenantConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = new SqliteCommand(sql, connection);
        using var engineStatement = connection.Policy.AsEngine();
        Guard(connection, command.ExecuteNonQuery, cancellationToken);
    }

    internal SqliteCommand CreateCommand(SqliteConnection connection, SqliteTransaction? transaction, PreparedStatement prepared)
    {
        var command = new SqliteCommand(prepared.Sql, connection, transaction)
        {
            CommandTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        };
        for (var i = 0; i < prepared.Args.Length; i++)
        {
            command.Parameters.AddWithValue("@p" + (i + 1).ToString(CultureInfo.InvariantCulture), prepared.Args[i] ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>
    /// A pooled connection whose tenant statements are policed (<see cref="SqliteStatementPolicy"/>); a new physical
    /// connection is configured once, and a connection goes back to the pool only clean (<see cref="SqliteTenantConnection"/>).
    /// </summary>
    internal SqliteTenantConnection Open()
    {
        var connection = new SqliteTenantConnection(connectionString, name, options, logger);
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw SqliteErrors.Map(e, name);
        }
    }

    /// <summary>
    /// Runs SQLite work under the statement timeout and maps failures. A statement still running when the timeout fires
    /// or <paramref name="cancellationToken"/> is cancelled is interrupted (<see cref="SqliteStatementWatch"/>), so it
    /// frees its worker: a timeout is <c>sql.timeout</c>, a cancellation an <see cref="OperationCanceledException"/>.
    /// </summary>
    internal T Guard<T>(SqliteConnection connection, Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.StatementTimeout > TimeSpan.Zero)
        {
            deadline.CancelAfter(options.StatementTimeout);
        }

        using var watch = SqliteStatementWatch.Start(connection, deadline.Token);
        try
        {
            return work();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == Interrupted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new DynamicDbException(ErrorCodes.SqlTimeout,
                $"The statement ran longer than the statement timeout of {options.StatementTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was interrupted.",
                isTransient: true, e);
        }
        catch (SqliteException e)
        {
            var mapped = SqliteErrors.Map(e, name, connection);
            engine.Metrics?.Refused(EngineKinds.Sqlite, mapped);
            throw mapped;
        }
    }
}
