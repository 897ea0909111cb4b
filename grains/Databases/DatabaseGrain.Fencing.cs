using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Fencing: each activation claims a new epoch in the catalog on wake (an atomic increment), and its catalog writes
/// (status, last activity) are conditional on that epoch. Before a write (exec, transaction) the grain checks its epoch
/// when the last check is older than <see cref="FenceCheckInterval"/>, so the hot path costs one catalog read per
/// interval at most. An activation that finds its epoch superseded records it, refuses the call with
/// <see cref="ErrorCodes.ActivationSuperseded"/> (transient) and deactivates. See docs/architecture.md, "Single
/// activation and fencing", for the guarantee and its limits.
/// </summary>
internal sealed partial class DatabaseGrain
{
    /// <summary>The longest a write may be acknowledged on the strength of an earlier epoch check.</summary>
    internal static readonly TimeSpan FenceCheckInterval = TimeSpan.FromSeconds(2);

    private long _epoch;
    private long _epochCheckedAt;
    private bool _superseded;

    /// <summary>Claims the next epoch for this activation and marks the database active; call once its entry exists.</summary>
    private async Task ClaimEpochAsync(CancellationToken cancellationToken)
    {
        var activation = GrainContext.ActivationId.ToString();
        var silo = GrainContext.Address.SiloAddress?.ToParsableString() ?? RuntimeIdentity;
        _epoch = await catalog.ClaimActivationAsync(_name.App, _name.Database, activation, silo, time.GetUtcNow(), cancellationToken);
        _epochCheckedAt = time.GetTimestamp();
        _superseded = false;
        LogActivationClaimed(_name.FullName, _epoch, activation, silo);
    }

    /// <summary>Throws <see cref="ErrorCodes.ActivationSuperseded"/> when this activation's epoch is (or is found to be) superseded.</summary>
    private async ValueTask EnsureCurrentEpochAsync(CancellationToken cancellationToken)
    {
        if (_superseded)
        {
            throw Superseded();
        }

        if (_epoch == 0 || time.GetElapsedTime(_epochCheckedAt) < FenceCheckInterval)
        {
            return;
        }

        var checkedAt = time.GetTimestamp();
        if (!await catalog.IsCurrentActivationAsync(_name.App, _name.Database, _epoch, cancellationToken))
        {
            await OnSupersededAsync("write");
            throw Superseded();
        }

        _epochCheckedAt = checkedAt;
    }

    /// <summary>Records the status under this activation's epoch; false (and the activation fenced) when it was superseded.</summary>
    private async Task<bool> SetStatusUnderEpochAsync(string status, DateTimeOffset lastActivity, CancellationToken cancellationToken)
    {
        if (_superseded)
        {
            return false;
        }

        if (await catalog.SetStatusAsync(_name.App, _name.Database, status, lastActivity, _epoch, cancellationToken))
        {
            return true;
        }

        await OnSupersededAsync(status);
        return false;
    }

    /// <summary>Records the end of this activation; a failure is logged (the next claim marks it abandoned).</summary>
    private async Task EndEpochAsync(string reason)
    {
        if (_epoch == 0)
        {
            return;
        }

        try
        {
            await catalog.EndActivationAsync(_name.App, _name.Database, _epoch, reason, time.GetUtcNow(), CancellationToken.None);
        }
        catch (DynamicDbException e)
        {
            LogActivationEndFailed(_name.FullName, _epoch, reason, e);
        }
    }

    private async Task OnSupersededAsync(string during)
    {
        if (_superseded)
        {
            return;
        }

        _superseded = true;
        LogActivationSuperseded(_name.FullName, _epoch, GrainContext.ActivationId.ToString(), during);
        await EndEpochAsync(ActivationEnd.Fenced);
        DeactivateOnIdle();
    }

    private DynamicDbException Superseded() => new(
        ErrorCodes.ActivationSuperseded,
        $"This activation of database '{_name.Database}' (epoch {_epoch}) was superseded by a newer one and is deactivating; retry the request.",
        isTransient: true);
}
