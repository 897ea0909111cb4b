namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// What <c>POST /v1/admin/databases/{app}/{database}/switch</c> answered (after polling <c>GET /v1/admin/switches/{id}</c>
/// when the answer came before the end): HTTP status, the server's own measures, and the whole body for a report.
/// </summary>
internal sealed record SwitchAnswer(
    int Status,
    bool Success,
    string? Id,
    string? State,
    double? SwitchDurationMs,
    double? WritePauseMs,
    string? OldEngine,
    string? NewEngine,
    long? RowsCopied,
    bool? ValidationPassed,
    string? Error,
    string Body);
