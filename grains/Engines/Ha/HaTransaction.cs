using System.Runtime.Versioning;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// An interactive transaction of a <c>postgres-ha</c> database: it runs on the primary of the epoch it began at and
/// never moves. Each statement and the commit first check the engine's route; once a failover or switchover has moved
/// the primary on, the transaction is rolled back (what it wrote is lost with the old primary's session) and fails with
/// <c>transaction.aborted</c> naming the failover. Nothing of it is retried: a transaction's statements depend on each
/// other, so only its client can run it again.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class HaTransaction(HaPostgresEngine engine, DatabaseName name, long epoch, IDatabaseTransaction inner) : IDatabaseTransaction
{
    private string? _session;

    public bool ReadOnly => inner.ReadOnly;

    public async Task<ExecResult> ExecAsync(Statement statement, CancellationToken cancellationToken = default)
    {
        _session ??= statement.SessionId;
        await EnsureSameEpochAsync(cancellationToken).ConfigureAwait(false);
        return await inner.ExecAsync(statement, cancellationToken).ConfigureAwait(false);
    }

    public async Task<QueryResult> QueryAsync(Statement statement, CancellationToken cancellationToken = default)
    {
        _session ??= statement.SessionId;
        await EnsureSameEpochAsync(cancellationToken).ConfigureAwait(false);
        return await inner.QueryAsync(statement, cancellationToken).ConfigureAwait(false);
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSameEpochAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Read-your-writes: the session's later reads wait for a standby that replayed this commit.
            if (!ReadOnly && engine.Reads is { } reads && reads.Tracks(_session))
            {
                await reads.RecordWriteAsync(_session!, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task EnsureSameEpochAsync(CancellationToken cancellationToken)
    {
        HaRoute route;
        try
        {
            route = await engine.RouteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.EngineUnavailable)
        {
            await inner.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            throw new DynamicDbException(ErrorCodes.TransactionAborted,
                $"The transaction on database '{name.Database}' was rolled back: engine '{engine.Id}' is failing over (primary of epoch {epoch} no longer serves): {e.Message}", isTransient: true);
        }

        if (route.Epoch != epoch)
        {
            await inner.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            throw new DynamicDbException(ErrorCodes.TransactionAborted,
                $"The transaction on database '{name.Database}' was rolled back by a failover of engine '{engine.Id}': it ran on the primary of epoch {epoch}, and epoch {route.Epoch} serves now (primary {route.Primary}).", isTransient: true);
        }
    }
}
