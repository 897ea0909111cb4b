namespace Orleans.DynamicDb.Client;

/// <summary>
/// Keeps a starting client trying to reach a gateway until <see cref="DynamicDbClientOptions.StartTimeout"/> has passed
/// since the first failure, one attempt per <see cref="RetryDelay"/>; then the host fails to start with Orleans' error.
/// (Orleans' own default keeps trying for minutes.)
/// </summary>
internal sealed class ClientStartRetryFilter(TimeSpan startTimeout, TimeProvider time) : IClientConnectionRetryFilter
{
    /// <summary>The pause between two attempts.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private long? _firstFailure;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        _firstFailure ??= time.GetTimestamp();
        var remaining = startTimeout - time.GetElapsedTime(_firstFailure.Value);
        if (remaining <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        // A back-off between connection attempts, not a synchronisation: the next attempt happens either way.
        await Task.Delay(remaining < RetryDelay ? remaining : RetryDelay, time, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
