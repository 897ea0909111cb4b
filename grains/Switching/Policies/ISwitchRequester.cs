namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>
/// How a policy asks for a switch. The production implementation (over the switch orchestration: a pending request in
/// the switch log when approval is required, else the database grain's switch) is registered by the silo; policies
/// skip (reason <c>no_requester</c>) while none is.
/// </summary>
public interface ISwitchRequester
{
    /// <summary>
    /// Asks for <paramref name="request"/>; with <paramref name="requireApproval"/> it waits as <c>pending_approval</c>
    /// for an admin. Returns the switch's id. Answers once the request is recorded, not when the switch ends.
    /// </summary>
    Task<string> RequestAsync(PolicySwitch request, bool requireApproval, CancellationToken cancellationToken);
}
