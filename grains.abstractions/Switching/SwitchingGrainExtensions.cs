using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Switching;

/// <summary>Helpers for callers of <see cref="IDatabaseGrain.SwitchEngineAsync"/> (the admin API, switching policies).</summary>
public static class SwitchingGrainExtensions
{
    /// <summary>How long one <see cref="IDatabaseGrain.WaitForSwitchAsync"/> call waits before asking again.</summary>
    public static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(20);

    /// <summary>Starts a switch and waits for its end (cancel <paramref name="cancellationToken"/> to stop waiting; the switch goes on).</summary>
    public static async Task<SwitchResult> SwitchAndWaitAsync(this IDatabaseGrain database, SwitchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var result = await database.SwitchEngineAsync(request, cancellationToken).ConfigureAwait(false);
        while (!SwitchStates.IsFinal(result.State))
        {
            cancellationToken.ThrowIfCancellationRequested();
            result = await database.WaitForSwitchAsync(result.Id, WaitSlice, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
