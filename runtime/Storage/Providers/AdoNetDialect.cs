using System.Data.Common;

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>
/// What differs between the databases the ADO.NET providers support: how connections open, how writers are kept
/// apart and how schema changes are serialized. The SQL itself is shared (both accept ON CONFLICT).
/// </summary>
internal abstract class AdoNetDialect
{
    /// <summary>The database product, for messages and logs.</summary>
    public abstract string DisplayName { get; }

    /// <summary>The column type for UTC timestamps.</summary>
    public abstract string TimestampType { get; }

    /// <summary>Serializes this process's writers to one database, or null when the database copes on its own.</summary>
    protected virtual SemaphoreSlim? WriteGate => null;

    public static AdoNetDialect Create(string invariant, string connectionString) => invariant switch
    {
        AdoNetInvariants.InvariantNamePostgreSql => new PostgresDialect(connectionString),
        AdoNetInvariants.InvariantNameSqlite => new SqliteDialect(connectionString),
        _ => throw new ArgumentException($"Invariant '{invariant}' is not supported.", nameof(invariant)),
    };

    /// <summary>Opens a (pooled) connection, ready for use.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Once per schema check, before its transaction: database-wide settings.</summary>
    public virtual Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Begins the transaction that creates or upgrades tables, holding off every other schema change.</summary>
    public abstract Task<DbTransaction> BeginSchemaTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a fresh (pooled) connection and closes it afterwards.</summary>
    public async Task<T> UseConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await work(connection).ConfigureAwait(false);
        }
    }

    /// <summary>Like <see cref="UseConnectionAsync{T}"/>, in this process's turn to write.</summary>
    public async Task<T> UseWriteConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        using var lease = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        return await UseConnectionAsync(work, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for this process's turn to write; dispose the lease when the write is done.</summary>
    public async ValueTask<WriteLease> EnterWriteAsync(CancellationToken cancellationToken)
    {
        var gate = WriteGate;
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new WriteLease(gate);
    }

    /// <summary>A turn to write; releases the gate when disposed.</summary>
    public readonly struct WriteLease(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
