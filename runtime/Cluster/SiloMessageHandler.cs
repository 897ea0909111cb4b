using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Runtime.Activation;
using Orleans.DynamicDb.Runtime.Transport;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>Delivers calls arriving over the transport (from other silos and from clients) to the grain runtime.</summary>
internal sealed partial class SiloMessageHandler(GrainRuntime runtime, ILogger<SiloMessageHandler> logger, Action remindersChanged) : IIncomingMessageHandler
{
    /// <summary>The interface name of a probe: answered by the silo itself, no grain involved.</summary>
    public const string ProbeInterface = "$probe";

    /// <summary>Another silo wrote a reminder this silo owns: re-read the reminder table.</summary>
    public const string RemindersChangedInterface = "$reminders-changed";

    public async ValueTask<ResponseEnvelope> HandleRequestAsync(RequestEnvelope request, CancellationToken cancellationToken)
    {
        if (request.InterfaceType == RemindersChangedInterface)
        {
            remindersChanged();
            return ResponseEnvelope.Ok(null);
        }

        if (request.InterfaceType == ProbeInterface)
        {
            return runtime.IsStopping ? ResponseEnvelope.Rejected(RejectionReason.SiloUnavailable, "stopping") : ResponseEnvelope.Ok(null);
        }

        try
        {
            var method = WireMethods.Resolve(request.InterfaceType, request.MethodIndex);

            // A client's call is routed from scratch here (placement included); a silo's call was placed already.
            var hops = request.Sender?.IsClient == true ? 0 : 1;
            return ResponseEnvelope.Ok(await runtime.ReceiveRemote(request.Target, method, request.Arguments, hops).ConfigureAwait(false));
        }
        catch (GrainNotHereException e)
        {
            return ResponseEnvelope.Rejected(RejectionReason.GrainNotHere, e.Message);
        }
        catch (Exception e)
        {
            return ResponseEnvelope.Failed(e);
        }
    }

    public async ValueTask HandleOneWayAsync(RequestEnvelope request, CancellationToken cancellationToken)
    {
        try
        {
            var method = WireMethods.Resolve(request.InterfaceType, request.MethodIndex);
            await runtime.ReceiveRemote(request.Target, method, request.Arguments, request.Sender?.IsClient == true ? 0 : 1).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogOneWayFailed(request.ToString(), e);
        }
    }

    [LoggerMessage(EventId = RuntimeEventIds.OneWayFailed, Level = LogLevel.Warning, Message = "A one-way call that arrived over the wire failed: {Request}")]
    private partial void LogOneWayFailed(string request, Exception exception);
}
