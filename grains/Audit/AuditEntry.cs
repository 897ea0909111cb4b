namespace Orleans.DynamicDb.Audit;

/// <summary>
/// One administrative action to record: who (<see cref="Actor"/>: a credential id such as <c>admin:ops</c>,
/// <c>policy:{name}</c> or <c>system</c>, never a secret), what (<see cref="Action"/>, e.g. <see cref="AuditActions.FailoverRequested"/>),
/// on what (<see cref="Target"/>: an engine id, <c>app/database</c> or a policy name), how it ended (<see cref="Result"/>:
/// <see cref="AuditResults.Ok"/>, <see cref="AuditResults.Accepted"/> or an error code) and plain details (no secrets).
/// </summary>
[GenerateSerializer, Immutable, Alias("dyndb.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string Actor,
    [property: Id(1)] string Action,
    [property: Id(2)] string Target,
    [property: Id(3)] string Result,
    [property: Id(4)] IReadOnlyDictionary<string, string>? Details = null);
