using System.Net;

namespace Orleans.DynamicDb.Runtime.Client;

/// <summary>A fixed list of gateway endpoints given in code.</summary>
internal sealed class StaticGatewayListProvider(IReadOnlyList<IPEndPoint> gateways) : IGatewayListProvider
{
    public bool IsUpdatable => false;

    public Task<IReadOnlyList<IPEndPoint>> GetGatewaysAsync(CancellationToken cancellationToken) => Task.FromResult(gateways);

    public string Describe() => "the static gateway list";
}
