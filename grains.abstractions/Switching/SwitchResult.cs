namespace Orleans.DynamicDb.Switching;

/// <summary>
/// The outcome of a switch (the admin API's answer to <c>POST /v1/admin/databases/{app}/{database}/switch</c>). A switch
/// that is still running answers <see cref="State"/> <see cref="SwitchStates.Running"/>; poll it by <see cref="Id"/>.
/// </summary>
/// <param name="Id">The switch's id in the history (<c>GET /v1/admin/switches/{id}</c>).</param>
/// <param name="Success">True when the database now lives on the target and post-validation passed.</param>
/// <param name="SwitchDurationMs">The whole switch, from the request to the end (ms).</param>
/// <param name="WritePauseMs">How long writes waited in the cut-over turn (ms); 0 when no cut-over happened.</param>
/// <param name="OldEngine">The engine the database was on before.</param>
/// <param name="NewEngine">The engine the database is on now (the old one after a failure or a switch back).</param>
/// <param name="RowsCopied">Rows copied in the snapshot copy (captured changes replayed are not counted).</param>
/// <param name="Validation">The post-validation's report; null when the switch ended before it.</param>
/// <param name="State">One of <see cref="SwitchStates"/>.</param>
/// <param name="Phase">The last phase reached (one of <see cref="SwitchPhases"/>).</param>
/// <param name="Error">What went wrong (with its error code first), null on success.</param>
/// <param name="BytesCopied">Bytes of the values copied so far, while the switch runs (not kept in the history); null otherwise.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SwitchResult")]
public sealed record SwitchResult(
    string Id,
    bool Success,
    long SwitchDurationMs,
    double WritePauseMs,
    string OldEngine,
    string NewEngine,
    long RowsCopied,
    ValidationReport? Validation,
    string State,
    string? Phase,
    string? Error,
    long? BytesCopied = null)
{
    /// <summary>The result a history row stands for.</summary>
    public static SwitchResult From(SwitchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var onTarget = record.State == SwitchStates.Completed;
        return new SwitchResult(
            record.Id,
            onTarget,
            record.DurationMs ?? 0,
            record.WritePauseMs ?? 0,
            record.Source,
            onTarget ? record.Target : record.Source,
            record.RowsCopied ?? 0,
            record.Validation,
            record.State,
            record.Phase,
            record.Error);
    }
}
