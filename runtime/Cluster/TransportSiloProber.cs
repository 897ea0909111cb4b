using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Transport;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>Probes a silo with a tiny request that its message handler answers itself.</summary>
internal sealed class TransportSiloProber(ConnectionManager connections) : ISiloProber
{
    public async Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var probe = new RequestEnvelope(new GrainId("$silo", silo.ToParsableString()), SiloMessageHandler.ProbeInterface, 0, []) { Timeout = timeout };
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var response = await connections.SendRequestAsync(silo, probe, deadline.Token).ConfigureAwait(false);
            return response.Status == ResponseStatus.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
