namespace Orleans.DynamicDb.Switching;

/// <summary>One switch in the history (a row of the catalog's <c>dyndb_switches</c>).</summary>
/// <param name="Id">The switch id (<c>sw_</c> and 32 hex digits).</param>
/// <param name="Cursor">Its position in the history: increases every time any switch row changes (<c>GET /v1/admin/switches?since=</c>).</param>
/// <param name="App">The database's application.</param>
/// <param name="Database">The database name.</param>
/// <param name="Source">The engine the database was on when the switch was asked for.</param>
/// <param name="Target">The engine it is to move to.</param>
/// <param name="State">One of <see cref="SwitchStates"/>.</param>
/// <param name="Phase">The last phase entered (one of <see cref="SwitchPhases"/>); null before it starts.</param>
/// <param name="RequestedBy">Who asked (a credential id or policy name, never a secret).</param>
/// <param name="Policy">The policy that asked; null for a manual switch.</param>
/// <param name="CreatedAt">When it was asked for.</param>
/// <param name="StartedAt">When it started running; null while pending.</param>
/// <param name="EndedAt">When it reached a final state.</param>
/// <param name="ExpiresAt">When a pending request expires; null for others.</param>
/// <param name="DecidedBy">Who approved or rejected a pending request.</param>
/// <param name="RowsCopied">Rows copied by the snapshot copy.</param>
/// <param name="WritePauseMs">The cut-over turn's duration (ms).</param>
/// <param name="DurationMs">The whole switch (ms).</param>
/// <param name="Validation">The post-validation's report.</param>
/// <param name="Error">What went wrong, error code first.</param>
/// <param name="TimeoutSeconds">The request's timeout (kept so an approved pending request runs as asked).</param>
/// <param name="ValidateTarget">The request's <see cref="SwitchRequest.ValidateTarget"/>.</param>
/// <param name="RollbackOnFailure">The request's <see cref="SwitchRequest.RollbackOnFailure"/>.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SwitchRecord")]
public sealed record SwitchRecord(
    string Id,
    long Cursor,
    string App,
    string Database,
    string Source,
    string Target,
    string State,
    string? Phase,
    string? RequestedBy,
    string? Policy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? ExpiresAt,
    string? DecidedBy,
    long? RowsCopied,
    double? WritePauseMs,
    long? DurationMs,
    ValidationReport? Validation,
    string? Error,
    int TimeoutSeconds,
    bool ValidateTarget,
    bool RollbackOnFailure)
{
    /// <summary>The request this row stands for (with its id, so running it runs this row).</summary>
    public SwitchRequest ToRequest() => new(Target, SwitchModes.Graceful, TimeoutSeconds, ValidateTarget, RollbackOnFailure, RequestedBy, Policy, Id);

    /// <summary>A new id: <c>sw_</c> and 32 lowercase hex digits.</summary>
    public static string NewId() => "sw_" + Guid.NewGuid().ToString("N");

    /// <summary>Whether <paramref name="id"/> has the form of a switch id.</summary>
    public static bool IsId(string? id) =>
        id is { Length: 35 } && id.StartsWith("sw_", StringComparison.Ordinal) && id.Skip(3).All(char.IsAsciiHexDigitLower);
}
