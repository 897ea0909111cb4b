namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>A silo's life cycle as recorded in the membership table (the values and their order are Orleans').</summary>
public enum SiloStatus
{
    /// <summary>No status: the silo has no row.</summary>
    None = 0,

    /// <summary>The silo process exists but has not started joining.</summary>
    Created = 1,

    /// <summary>The silo is joining the cluster: it has a row but takes no grain calls yet.</summary>
    Joining = 2,

    /// <summary>The silo is a working member of the cluster.</summary>
    Active = 3,

    /// <summary>The silo is shutting down gracefully.</summary>
    ShuttingDown = 4,

    /// <summary>The silo is stopping (an abrupt, non-graceful stop has begun).</summary>
    Stopping = 5,

    /// <summary>The silo is dead, by its own declaration or by its peers'. A dead silo never comes back: a restart is a new generation.</summary>
    Dead = 6,
}
