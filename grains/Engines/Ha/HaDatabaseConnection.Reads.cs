using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Ha.Reads;
using Orleans.DynamicDb.Engines.Ha.Safety;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// Tier routing of the database's statements (docs/tiers.md, "Routing to standbys"): an autocommit read (a query or cursor
/// whose text <see cref="StatementClassifier"/> calls a read) may run on a qualifying standby by its tier; everything else
/// runs on the primary, and a write of a known session records how far the primary's WAL reached (read-your-writes).
/// </summary>
internal sealed partial class HaDatabaseConnection
{
    private StandbyConnections? _standbys;

    private StandbyConnections Standbys => LazyInitializer.EnsureInitialized(ref _standbys, () => new StandbyConnections(engine, name));

    /// <summary>A query or cursor: routed by tier when it only reads, else run on the primary as a write.</summary>
    private Task<T> RoutedAsync<T>(Statement statement, Func<IDatabaseConnection, CancellationToken, Task<T>> run, Func<T> committed, CancellationToken cancellationToken)
    {
        var kind = StatementClassifier.Classify(statement.Sql);
        if (engine.Reads is not { } reads)
        {
            return RunAsync(kind, run, committed, cancellationToken);
        }

        return engine.ThroughDoorAsync(ct => kind == StatementKind.Read
            ? TieredReadAsync(reads, statement, run, committed, ct)
            : WrittenAsync(reads, statement.SessionId, statement.Tier, c => engine.Retry.ExecuteAsync(kind, CurrentAsync, run, committed, c), ct), cancellationToken);
    }

    /// <summary>A statement that may write (exec, batch transaction): on the primary, recording the session's write position.</summary>
    private Task<T> WriteAsync<T>(string? sessionId, Tier tier, Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        engine.Reads is { } reads
            ? engine.ThroughDoorAsync(ct => WrittenAsync(reads, sessionId, tier, write, ct), cancellationToken)
            : engine.ThroughDoorAsync(write, cancellationToken);

    private async Task<T> TieredReadAsync<T>(
        TierReads reads, Statement statement, Func<IDatabaseConnection, CancellationToken, Task<T>> run, Func<T> committed, CancellationToken cancellationToken)
    {
        var route = reads.Choose(statement, engine.Door.InFlight);
        if (route.Standby is { } member)
        {
            using var lease = reads.Enter(member);
            try
            {
                var connection = await Standbys.GetAsync(member, cancellationToken).ConfigureAwait(false);
                var result = await run(connection, cancellationToken).ConfigureAwait(false);
                reads.Routed(statement.Tier, member, route.Reason);
                return result;
            }
            catch (DynamicDbException e) when (!cancellationToken.IsCancellationRequested && RunAgainOnPrimary(statement, e))
            {
                if (e.ErrorCode == ErrorCodes.EngineUnavailable || e.IsTransient)
                {
                    reads.Watch.MarkFailed(member);
                }

                ReadRoutingLog.StandbyReadFailed(logger, e, engine.Id, member, e.ErrorCode);
                route = new TierRoute(null, RouteReasons.StandbyFailed);
            }
        }

        var onPrimary = await engine.Retry.ExecuteAsync(StatementKind.Read, CurrentAsync, run, committed, cancellationToken).ConfigureAwait(false);
        reads.Routed(statement.Tier, null, route.Reason);
        return onPrimary;
    }

    private async Task<T> WrittenAsync<T>(TierReads reads, string? sessionId, Tier tier, Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await write(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            reads.Routed(tier, null, RouteReasons.Write);
            if (reads.Tracks(sessionId))
            {
                // Also after a failure: the write may have committed before its connection was lost.
                await reads.RecordWriteAsync(sessionId!, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// True when a read that failed on a standby is run again on the primary: not when the failure is the statement's own
    /// (syntax, arguments, privileges, its timeout, or the read-only mode it asked for).
    /// </summary>
    private static bool RunAgainOnPrimary(Statement statement, DynamicDbException failure) => failure.ErrorCode switch
    {
        ErrorCodes.SqlSyntax or ErrorCodes.RequestInvalid or ErrorCodes.SqlNotAllowed or ErrorCodes.SqlTimeout => false,
        ErrorCodes.StatementReadOnly => !statement.ReadOnly,
        _ => true,
    };

    /// <summary>Closes the database's standby pools.</summary>
    private Task CloseStandbysAsync() => _standbys?.CloseAsync() ?? Task.CompletedTask;
}
