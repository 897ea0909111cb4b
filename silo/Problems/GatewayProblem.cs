namespace Orleans.DynamicDb.Silo.Problems;

/// <summary>
/// One RFC 9457 problem answer of the gateway.
/// </summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Type">The stable error code (e.g. <c>sql.syntax</c>), or <c>about:blank</c> for an unexpected error.</param>
/// <param name="Title">A short summary that is the same for every problem of this type.</param>
/// <param name="Detail">What went wrong in this request, in words a user can act on.</param>
/// <param name="Transient">True when the same request may succeed if retried later.</param>
internal sealed record GatewayProblem(int Status, string Type, string Title, string Detail, bool Transient)
{
    /// <summary>The <c>Retry-After</c> seconds the error knows (at least 1; <c>admission.busy</c>), or null: 1 for a transient 503.</summary>
    public int? RetryAfterSeconds { get; init; }
}
