namespace Orleans.DynamicDb.Switching;

/// <summary>The states of a switch in its history (<c>dyndb_switches.state</c>).</summary>
public static class SwitchStates
{
    /// <summary>Waiting for an admin to approve or reject it (a policy asked; it expires unanswered).</summary>
    public const string PendingApproval = "pending_approval";

    /// <summary>Under way (or approved and about to start).</summary>
    public const string Running = "running";

    /// <summary>The database moved to the target and post-validation passed (or could not run; see the validation).</summary>
    public const string Completed = "completed";

    /// <summary>It failed and the database is where it was before (on the source), nothing lost.</summary>
    public const string RolledBack = "rolled_back";

    /// <summary>It failed before anything moved (refused, or rollback was not asked for); the database is on the source.</summary>
    public const string Failed = "failed";

    /// <summary>An admin rejected the pending request.</summary>
    public const string Rejected = "rejected";

    /// <summary>The pending request was not decided before it expired.</summary>
    public const string Expired = "expired";

    /// <summary>Whether <paramref name="state"/> is final (nothing changes it any more).</summary>
    public static bool IsFinal(string state) => state is Completed or RolledBack or Failed or Rejected or Expired;
}
