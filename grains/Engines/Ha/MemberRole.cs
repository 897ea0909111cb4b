namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>What a member of a replication group is for.</summary>
public enum MemberRole
{
    /// <summary>Takes writes; its commits wait for a synchronous standby.</summary>
    Primary,

    /// <summary>Streams the primary's WAL and acknowledges commits; may be promoted.</summary>
    Standby,

    /// <summary>A former primary that was failed over: stopped, never routed to or started again until it is rebuilt as a standby.</summary>
    Fenced,
}
