using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>The mover's errors, each naming what it is about.</summary>
internal static class MoveErrors
{
    /// <summary>The plan cannot be carried out: every reason, one per line.</summary>
    public static DynamicDbException Refused(MovePlanContext context, IReadOnlyList<string> reasons) => new(ErrorCodes.SwitchRefused,
        $"Database {context.Name} cannot move from engine '{context.SourceId}' to engine '{context.TargetId}': " + string.Join("; ", reasons) +
        ". Nothing was changed.");

    /// <summary>A change names a table that is not in the plan (created during the move).</summary>
    public static DynamicDbException UnplannedTable(string table, long seq) => new(ErrorCodes.SwitchAborted,
        $"The move was aborted: table '{table}' changed (change {seq}) but was not in the plan; the schema changed during the move. Switch again.");

    /// <summary>The schema of one side no longer matches the plan.</summary>
    public static DynamicDbException SchemaChanged(string side, IReadOnlyList<string> differences) => new(ErrorCodes.SwitchAborted,
        $"The move was aborted: the {side}'s schema changed during the move: {string.Join("; ", differences)}. Switch again.");

    /// <summary>Capture was not started on the side where it is needed.</summary>
    public static InvalidOperationException CaptureNotStarted(MoveSide side) =>
        new($"Change capture is not started on the {side.ToString().ToLowerInvariant()}: call StartCaptureAsync first.");
}
