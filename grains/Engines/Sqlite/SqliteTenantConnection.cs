using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// A pooled connection to one database file that polices tenant statements and goes back to the pool only clean.
/// Opening configures a new physical connection once (<see cref="SqliteConnectionPolicy.Apply"/>); closing checks that no
/// tenant state is left on it (open transaction, attached database, temporary objects, changed settings) and otherwise
/// discards it instead of pooling it. Tenant statements are created with <c>new SqliteCommand(sql, connection)</c> and
/// are policed; <see cref="CreateCommand"/> is what Microsoft.Data.Sqlite uses for its own BEGIN/COMMIT/ROLLBACK of the
/// engine's transaction, so while that transaction begins or is open its commands may control transactions: never run
/// tenant SQL through it.
/// </summary>
internal sealed class SqliteTenantConnection(string connectionString, DatabaseName name, EngineOptions options, ILogger logger)
    : SqliteConnection(connectionString)
{
    private SqliteConnectionPolicy? _policy;
    private bool _beginning;

    /// <summary>The policy of the open physical connection.</summary>
    public SqliteConnectionPolicy Policy => _policy ?? throw new InvalidOperationException("The connection is not open.");

    public override void Open()
    {
        base.Open();
        try
        {
            _policy = SqliteConnectionPolicy.Apply(Handle!, options);
        }
        catch
        {
            // A connection that could not be configured is never pooled half-configured.
            ClearPool(this);
            base.Close();
            throw;
        }
    }

    public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel, bool deferred)
    {
        _beginning = true;
        try
        {
            return base.BeginTransaction(isolationLevel, deferred);
        }
        finally
        {
            _beginning = false;
        }
    }

    /// <summary>
    /// While the engine begins a transaction or has one open, the commands Microsoft.Data.Sqlite creates for it may control
    /// transactions; at any other time a created command is policed like a tenant statement.
    /// </summary>
    public override SqliteCommand CreateCommand() => _beginning || Transaction is not null
        ? new SqliteTransactionControlCommand(Policy) { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction }
        : base.CreateCommand();

    public override void Close()
    {
        if (State == ConnectionState.Open && _policy is not null && Transaction is null)
        {
            var leftover = _policy.FindLeftoverState(Handle!);
            if (leftover is not null)
            {
                // Clearing the pool marks every connection of this file not to be pooled again; closing this one then
                // closes its handle, which rolls back whatever it held.
                ClearPool(this);
                if (leftover == SqliteConnectionPolicy.TemporaryObjects)
                {
                    SqliteLog.TemporaryObjectsDiscarded(logger, name.FullName, options.Id, leftover);
                }
                else
                {
                    SqliteLog.ConnectionDiscarded(logger, name.FullName, options.Id, leftover);
                }
            }
        }

        _policy = null;
        base.Close();
    }
}
