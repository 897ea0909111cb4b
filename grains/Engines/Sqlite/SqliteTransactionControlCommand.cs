using System.Data;
using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// A command Microsoft.Data.Sqlite creates (through <see cref="SqliteTenantConnection.CreateCommand"/>) to begin, commit or
/// roll back the engine's transaction: while it executes, the authorizer allows transaction control (nothing else).
/// </summary>
internal sealed class SqliteTransactionControlCommand(SqliteConnectionPolicy policy) : SqliteCommand
{
    public override int ExecuteNonQuery()
    {
        using var scope = policy.AllowTransactionControl();
        return base.ExecuteNonQuery();
    }

    public override object? ExecuteScalar()
    {
        using var scope = policy.AllowTransactionControl();
        return base.ExecuteScalar();
    }

    public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
    {
        using var scope = policy.AllowTransactionControl();
        return base.ExecuteReader(behavior);
    }
}
