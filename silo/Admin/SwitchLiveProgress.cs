using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The copy's progress of a running switch for <c>GET /v1/admin/switches/{id}</c>: the history row has the phase; the
/// rows and bytes copied so far are asked of the database's grain (<see cref="IDatabaseGrain.WaitForSwitchAsync"/> without
/// waiting, which interleaves with everything). Best effort: when the grain cannot tell, the row is answered as stored.
/// </summary>
internal static class SwitchLiveProgress
{
    /// <summary>How long the grain may take to answer before the row is answered without progress.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary><paramref name="response"/> with the live rows and bytes copied when <paramref name="record"/> is running.</summary>
    public static async Task<SwitchRecordResponse> AddAsync(SwitchRecordResponse response, SwitchRecord record, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (record.State != SwitchStates.Running || record.StartedAt is null)
        {
            return response;
        }

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(Timeout);
        try
        {
            var live = await grains.GetGrain<IDatabaseGrain>(DatabaseName.Create(record.App, record.Database).Key)
                .WaitForSwitchAsync(record.Id, TimeSpan.Zero, bound.Token).ConfigureAwait(false);
            return live.Id == record.Id && live.State == SwitchStates.Running
                ? response with { RowsCopied = live.RowsCopied, BytesCopied = live.BytesCopied }
                : response;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return response;
        }
    }
}
