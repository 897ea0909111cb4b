namespace Orleans.DynamicDb.Audit;

/// <summary>
/// The actions the audit log records. A state-changing request is recorded twice: <c>{x}.requested</c> before it is
/// acted on (it is refused when that row cannot be written) and its outcome after. Other actions use the same shape.
/// </summary>
public static class AuditActions
{
    /// <summary>The actor of actions the silo takes by itself (an automatic failover, a new Data Protection key).</summary>
    public const string SystemActor = "system";

    /// <summary>An admin asked for a failover of a replication group (target: the engine id).</summary>
    public const string FailoverRequested = "failover.requested";

    /// <summary>A failover finished: the group has a new primary.</summary>
    public const string FailoverCompleted = "failover.completed";

    /// <summary>A failover failed (result: its error code).</summary>
    public const string FailoverFailed = "failover.failed";

    /// <summary>An admin asked for a member to be added to a replication group.</summary>
    public const string MemberAddRequested = "member.add.requested";

    /// <summary>A member was added to a replication group and streams synchronously.</summary>
    public const string MemberAdded = "member.added";

    /// <summary>Adding a member failed (result: its error code).</summary>
    public const string MemberAddFailed = "member.add.failed";

    /// <summary>A key protecting stored credentials changed (a new ASP.NET Core Data Protection key was created).</summary>
    public const string KeyChanged = "key.changed";

    /// <summary>A switch of a database to another engine was asked for (target: <c>app/database</c>).</summary>
    public const string SwitchRequested = "switch.requested";

    /// <summary>A switch finished.</summary>
    public const string SwitchCompleted = "switch.completed";

    /// <summary>A switch failed (result: its error code).</summary>
    public const string SwitchFailed = "switch.failed";

    /// <summary>A pending switch was approved.</summary>
    public const string SwitchApproved = "switch.approved";

    /// <summary>A pending switch was rejected.</summary>
    public const string SwitchRejected = "switch.rejected";

    /// <summary>A switching policy was created, changed or disabled (target: the policy name).</summary>
    public const string PolicyChanged = "policy.changed";

    /// <summary>The actor of a switching policy's own actions.</summary>
    public static string PolicyActor(string policy) => $"policy:{policy}";

    /// <summary>An admin logged in to the product dashboard (target: <c>/ui</c>).</summary>
    public const string UiLogin = "ui.login";

    /// <summary>An admin logged out of the product dashboard.</summary>
    public const string UiLogout = "ui.logout";

    /// <summary>An admin asked for a standby to be removed from a replication group.</summary>
    public const string MemberRemoveRequested = "member.remove.requested";

    /// <summary>A standby was removed from a replication group (its data directory moved aside).</summary>
    public const string MemberRemoved = "member.removed";

    /// <summary>Removing a standby failed (result: its error code).</summary>
    public const string MemberRemoveFailed = "member.remove.failed";

    /// <summary>The auto-scaler decided to add a hot standby (actor <c>system</c>; recorded before it acts).</summary>
    public const string AutoScaleUp = "autoscale.up";

    /// <summary>The auto-scaler decided to remove an auto-added standby (actor <c>system</c>; recorded before it acts).</summary>
    public const string AutoScaleDown = "autoscale.down";
}
