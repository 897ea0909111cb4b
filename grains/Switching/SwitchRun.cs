using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Switching;

/// <summary>The state of the switch a database grain is running (kept in the grain; its steps are persisted in <see cref="ISwitchLog"/>).</summary>
internal sealed class SwitchRun(SwitchRecord record, SwitchRequest request, IDatabaseEngine source, IDatabaseEngine target, long startedTimestamp)
{
    /// <summary>The history row as last persisted.</summary>
    public SwitchRecord Record { get; set; } = record;

    public SwitchRequest Request { get; } = request;

    public IDatabaseEngine Source { get; } = source;

    public IDatabaseEngine Target { get; } = target;

    /// <summary>When the request came (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long StartedTimestamp { get; } = startedTimestamp;

    public MovePlan? Plan { get; set; }

    /// <summary>True once change capture may have been installed on the source (the source was touched).</summary>
    public bool Touched { get; set; }

    /// <summary>The target's connection, opened before the cut-over; the grain's connection after it.</summary>
    public IDatabaseConnection? TargetConnection { get; set; }

    /// <summary>The source's connection after the cut-over (kept open for a switch back, closed at the end).</summary>
    public IDatabaseConnection? SourceConnection { get; set; }

    /// <summary>The last source change replayed onto the target.</summary>
    public long AppliedSeq { get; set; }

    /// <summary>The target's last captured change at the cut-over (the switch mark): later ones are tenant writes.</summary>
    public long Mark { get; set; }

    /// <summary>The target's snapshot held in the cut-over turn, compared by post-validation.</summary>
    public SideSnapshot? TargetSnapshot { get; set; }

    /// <summary>True while the catalog (and the grain) route the database to the target.</summary>
    public bool Switched { get; set; }

    /// <summary>Rows copied so far (updated during the copy from the mover's thread).</summary>
    public long RowsCopied { get; set; }

    /// <summary>Bytes of the values copied so far (updated after each table).</summary>
    public long BytesCopied { get; set; }

    public double WritePauseMs { get; set; }

    /// <summary>Completed with the final result.</summary>
    public TaskCompletionSource<SwitchResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
