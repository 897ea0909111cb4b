using Orleans.DynamicDb.Runtime.Invocation;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Transport;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>Grain calls to other silos over the TCP transport: one multiplexed connection per silo.</summary>
internal sealed class TransportRemoteGrainCaller(ConnectionManager connections) : IRemoteGrainCaller
{
    public async Task<T> CallAsync<T>(SiloAddress silo, GrainId target, GrainMethodDescriptor method, object?[] arguments, TimeSpan timeout, int hops)
    {
        var (interfaceName, index) = WireMethods.NameOf(method);
        var request = new RequestEnvelope(target, interfaceName, index, arguments)
        {
            Timeout = timeout,
            Flags = (method.IsReadOnly ? RequestFlags.ReadOnly : RequestFlags.None) | (method.IsAlwaysInterleave ? RequestFlags.AlwaysInterleave : RequestFlags.None),
        };
        if (method.IsOneWay)
        {
            var connection = await connections.GetConnectionAsync(silo).ConfigureAwait(false);
            await connection.SendOneWayAsync(request).ConfigureAwait(false);
            return default!;
        }

        var response = await connections.SendRequestAsync(silo, request).ConfigureAwait(false);
        return Unwrap<T>(response, silo, target, method);
    }

    internal static T Unwrap<T>(ResponseEnvelope response, SiloAddress silo, GrainId target, GrainMethodDescriptor method) => response.Status switch
    {
        ResponseStatus.Ok => response.Result is null ? default! : (T)response.Result,
        ResponseStatus.Exception => throw response.Exception!,
        _ when response.Rejection == RejectionReason.GrainNotHere => throw new GrainNotHereException($"Silo {silo} does not host grain {target} ({method.Name}): {response.RejectionMessage}"),
        _ => throw new SiloUnavailableException($"Silo {silo} refused {method.Name} to grain {target}: {response.RejectionMessage}"),
    };
}
