using System.Net;

namespace Orleans.DynamicDb.Runtime.Client;

/// <summary>Where a cluster client learns the endpoints of the silos it may send calls to.</summary>
internal interface IGatewayListProvider
{
    /// <summary>Whether the list may change, so the client should read it again periodically.</summary>
    bool IsUpdatable { get; }

    /// <summary>The gateways' endpoints now; empty when none is known.</summary>
    Task<IReadOnlyList<IPEndPoint>> GetGatewaysAsync(CancellationToken cancellationToken);

    /// <summary>A short description for error messages, e.g. "the static gateway list".</summary>
    string Describe();
}
