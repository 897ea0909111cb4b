using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// The catalog entry's placement on a replicated engine: the replication group (engine id) and its epoch the database was
/// last opened at (<see cref="DatabaseInfo.EngineGroup"/>, <see cref="DatabaseInfo.EngineEpoch"/>). Written when the
/// database wakes or is created, and after the first statement that succeeds at a new epoch (the database reopened on a
/// new primary). The group's layout stays the source of truth for routing; the entry is what status reads show.
/// </summary>
internal sealed partial class DatabaseGrain
{
    /// <summary>
    /// Records the group and epoch when the engine is replicated and its epoch is not the one recorded; a failed write is
    /// logged and tried again after the next statement (the statement itself is not failed for it).
    /// </summary>
    private async Task RecordPlacementAsync(CancellationToken cancellationToken)
    {
        if (_engine is not Engines.Ha.IReplicatedEngine replicated || _info is null || _info.EngineEpoch == replicated.Epoch && _info.EngineGroup == replicated.Id)
        {
            return;
        }

        var epoch = replicated.Epoch;
        try
        {
            await catalog.SetPlacementAsync(_name.App, _name.Database, replicated.Id, epoch, cancellationToken);
            _info = _info with { EngineGroup = replicated.Id, EngineEpoch = epoch };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPlacementNotRecorded(e, _name.FullName, replicated.Id, epoch);
        }
    }

    [LoggerMessage(EventId = EventIds.DatabasePlacementNotRecorded, Level = LogLevel.Warning,
        Message = "Database placement not recorded in the catalog database={Database} group={Group} epoch={Epoch}")]
    private partial void LogPlacementNotRecorded(Exception exception, string database, string group, long epoch);
}
