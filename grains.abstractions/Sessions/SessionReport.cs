namespace Orleans.DynamicDb.Sessions;

/// <summary>One batched report of a connection to its session grain.</summary>
/// <param name="Opening">The session's opening (sent every time, so a lost activation is rebuilt).</param>
/// <param name="At">When the report was made.</param>
/// <param name="LastActiveAt">When the connection last ran a statement (or opened).</param>
/// <param name="Load">What ran since the previous report.</param>
/// <param name="Settings">The session variables now (<c>SET</c>, <c>application_name</c>), or null when unchanged since the previous report.</param>
/// <param name="ClosedAt">When the connection closed, on its last report; null while it is open.</param>
/// <param name="CloseReason">Why it closed (client left, killed, idle timeout, silo stopping...).</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SessionReport")]
public sealed record SessionReport(
    SessionOpening Opening,
    DateTimeOffset At,
    DateTimeOffset LastActiveAt,
    SessionLoadDelta Load,
    IReadOnlyDictionary<string, string>? Settings,
    DateTimeOffset? ClosedAt = null,
    string? CloseReason = null);
