namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>Random draws and think times of the workload sessions.</summary>
internal static class Pace
{
    /// <summary>A uniform draw from [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public static double Between(this Random random, double min, double max) => min + random.NextDouble() * (max - min);

    /// <summary>Waits <paramref name="milliseconds"/>: a client's think time between statements (workload pacing, not synchronisation).</summary>
    public static Task ThinkAsync(double milliseconds, CancellationToken cancellationToken) =>
        milliseconds < 1 ? Task.CompletedTask : Task.Delay(TimeSpan.FromMilliseconds(milliseconds), cancellationToken);

    /// <summary>True while the session should go on.</summary>
    public static bool Before(DateTimeOffset until, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && DateTimeOffset.UtcNow < until;
}
