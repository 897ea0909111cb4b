namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>How a concurrent caller behaves between its calls.</summary>
internal enum CallerMode
{
    /// <summary>Awaits each call and sends the next one at once, wherever its continuation runs.</summary>
    Plain,

    /// <summary>Yields to the thread pool after every call, so callers take turns on the pool's threads.</summary>
    YieldEachCall,

    /// <summary>
    /// When a call did not complete inline, yields to the thread pool after it, so the caller's own code never runs on
    /// the grain's turn loop: what the runtime would do if it resumed callers asynchronously (the proposed fix).
    /// </summary>
    LeaveGrainTurn,
}
