namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>The <c>reason</c> tag of <c>dyndb_tier_routed_total</c>: why a statement ran where it did.</summary>
internal static class RouteReasons
{
    /// <summary>A read sent to a qualifying standby.</summary>
    public const string Standby = "standby";

    /// <summary>A High read: High always runs on the primary.</summary>
    public const string High = "high";

    /// <summary>A Medium read while the primary has room.</summary>
    public const string PrimaryHasRoom = "primary_has_room";

    /// <summary>A Medium read of no known session (statements the frontends did not stamp): it stays on the primary.</summary>
    public const string NoSession = "no_session";

    /// <summary>A statement that may write, or a batch transaction.</summary>
    public const string Write = "write";

    /// <summary>No standby qualifies (unreachable, not in recovery, lagging, or skipped after a failed read).</summary>
    public const string NoStandby = "no_standby";

    /// <summary>Standbys qualify, but none has replayed the session's last write yet (read-your-writes).</summary>
    public const string SessionWrite = "session_write";

    /// <summary>The read failed on its standby and was run again on the primary.</summary>
    public const string StandbyFailed = "standby_failed";
}
