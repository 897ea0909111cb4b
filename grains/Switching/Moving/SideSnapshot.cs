using System.Data.Common;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>
/// A read snapshot of one side held open (<see cref="DatabaseMover.HoldSnapshotAsync"/>): it stays fixed while that side
/// takes new writes, until disposed. The caller disposes it after <see cref="DatabaseMover.ValidateAsync"/>.
/// </summary>
internal sealed class SideSnapshot : IAsyncDisposable
{
    internal SideSnapshot(MoveSide side, DbConnection connection, DbTransaction transaction)
    {
        Side = side;
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>The side this snapshot reads.</summary>
    public MoveSide Side { get; }

    internal DbConnection Connection { get; }

    internal DbTransaction Transaction { get; }

    /// <summary>Ends the read transaction and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.RollbackAsync().ConfigureAwait(false);
        }
        catch (DbException)
        {
            // a broken connection has no transaction left to end
        }
        catch (InvalidOperationException)
        {
            // already completed
        }

        await Transaction.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
