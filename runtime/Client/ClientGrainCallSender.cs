using Orleans.DynamicDb.Runtime.Cluster;
using Orleans.DynamicDb.Runtime.Invocation;
using Orleans.DynamicDb.Runtime.Transport;

namespace Orleans.DynamicDb.Runtime.Client;

/// <summary>
/// Sends a client's grain calls to a gateway silo, which routes them (placement included) as if they started there.
/// A gateway that cannot be reached, or that refuses the call (it is stopping: the call did not run), is left out of
/// the rotation and the call goes to the next one. A call that fails in flight is not retried (it may have run), but
/// its gateway is left out too, so the next call goes elsewhere.
/// </summary>
internal sealed class ClientGrainCallSender(GatewayManager gateways, MessagingOptions messaging, Func<bool> isConnected) : IGrainCallSender
{
    public async Task<T> Send<T>(GrainId target, GrainMethodDescriptor method, object?[] arguments)
    {
        if (!isConnected())
        {
            throw new InvalidOperationException("The cluster client is not connected: call ConnectAsync first (or it was disposed).");
        }

        var (interfaceName, index) = WireMethods.NameOf(method);
        var flags = (method.IsReadOnly ? RequestFlags.ReadOnly : RequestFlags.None) | (method.IsAlwaysInterleave ? RequestFlags.AlwaysInterleave : RequestFlags.None);
        var timeout = method.Timeout ?? messaging.ResponseTimeout;
        var refusals = new List<string>();
        while (true)
        {
            // A new envelope per attempt: the connection assigns its message id.
            var request = new RequestEnvelope(target, interfaceName, index, arguments) { Timeout = timeout, Flags = flags };
            var (gateway, connection) = await gateways.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
            ResponseEnvelope response;
            try
            {
                if (method.IsOneWay)
                {
                    await connection.SendOneWayAsync(request).ConfigureAwait(false);
                    return default!;
                }

                response = await connection.SendRequestAsync(request).ConfigureAwait(false);
            }
            catch (SiloUnavailableException e)
            {
                gateways.MarkDown(gateway, e.Message);
                throw;
            }

            if (response.Status != ResponseStatus.Rejected)
            {
                return TransportRemoteGrainCaller.Unwrap<T>(response, connection.RemoteIdentity.Silo ?? default, target, method);
            }

            // A gateway routes client calls itself, so any refusal means it is stopping; the call did not run.
            gateways.MarkDown(gateway, response.RejectionMessage ?? "it refused a call");
            refusals.Add($"{gateway} ({response.RejectionMessage})");
            if (refusals.Count >= gateways.Gateways.Count)
            {
                throw new SiloUnavailableException($"Every gateway refused {method.Name} to grain {target}; the call did not run: {string.Join("; ", refusals)}.");
            }
        }
    }
}
