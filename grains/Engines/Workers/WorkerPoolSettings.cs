namespace Orleans.DynamicDb.Engines.Workers;

/// <summary>The sizes of a <see cref="FairWorkerPool"/>, with the automatic values of <see cref="EngineOptions"/> resolved.</summary>
/// <param name="Workers">The worker threads.</param>
/// <param name="MaxWorkersPerApp">The most workers one application may keep busy at once (1 to <paramref name="Workers"/>).</param>
/// <param name="MaxQueuedPerApp">The most waiting operations of one application.</param>
internal sealed record WorkerPoolSettings(int Workers, int MaxWorkersPerApp, int MaxQueuedPerApp)
{
    /// <summary>
    /// Resolves <see cref="EngineOptions.WorkerThreads"/> (0: max(4, processor count)) and
    /// <see cref="EngineOptions.MaxWorkersPerApp"/> (0: one less than the workers, at least 1).
    /// </summary>
    public static WorkerPoolSettings From(EngineOptions options)
    {
        var workers = options.WorkerThreads > 0 ? options.WorkerThreads : Math.Max(4, Environment.ProcessorCount);
        var perApp = options.MaxWorkersPerApp > 0 ? Math.Min(options.MaxWorkersPerApp, workers) : Math.Max(1, workers - 1);
        return new WorkerPoolSettings(workers, perApp, Math.Max(1, options.MaxQueuedPerApp));
    }
}
