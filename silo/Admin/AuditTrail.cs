using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// How admin endpoints record their actions: <see cref="RequestAsync"/> before acting — a state-changing action is refused
/// (503 <c>audit.unavailable</c>) when its row cannot be written — and <see cref="OutcomeAsync"/> after it. An outcome
/// row that cannot be written does not undo the action: it is logged and counted (<c>dyndb_audit_append_failures_total</c>)
/// by the audit log and the answer carries the header <see cref="UnrecordedHeader"/>.
/// </summary>
internal static class AuditTrail
{
    /// <summary>The response header set when the action's outcome could not be written to the audit log.</summary>
    public const string UnrecordedHeader = "X-DynamicDb-Audit";

    /// <summary>Records the request; null when written, otherwise the 503 problem to answer instead of acting.</summary>
    public static async Task<IResult?> RequestAsync(HttpContext http, string action, string target, IReadOnlyDictionary<string, string>? details = null)
    {
        var audit = http.RequestServices.GetRequiredService<IAuditLog>();
        try
        {
            await audit.AppendAsync(new AuditEntry(http.User.GetCredentialId(), action, target, AuditResults.Accepted, details), http.RequestAborted).ConfigureAwait(false);
            return null;
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.AuditUnavailable)
        {
            return new ProblemResult(new GatewayProblem(StatusCodes.Status503ServiceUnavailable, e.ErrorCode, "Audit log unavailable",
                $"The action was not done: its audit row could not be written, and administrative actions are refused unless they are recorded. {e.Message}", Transient: true));
        }
    }

    /// <summary>Records how the action ended: <paramref name="result"/> is <c>ok</c> or an error code.</summary>
    public static async Task OutcomeAsync(HttpContext http, string action, string target, string result, IReadOnlyDictionary<string, string>? details = null)
    {
        var audit = http.RequestServices.GetRequiredService<IAuditLog>();
        try
        {
            await audit.AppendAsync(new AuditEntry(http.User.GetCredentialId(), action, target, result, details), CancellationToken.None).ConfigureAwait(false);
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.AuditUnavailable)
        {
            // Logged and counted by the audit log; the action is done and cannot be undone here.
            http.Response.Headers[UnrecordedHeader] = "outcome-unrecorded";
        }
    }
}
