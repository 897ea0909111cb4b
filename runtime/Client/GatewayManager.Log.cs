using System.Net;
using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Runtime.Client;

internal sealed partial class GatewayManager
{
    [LoggerMessage(EventId = ClientEventIds.GatewayDown, Level = LogLevel.Warning, Message = "Gateway {Gateway} is down ({Reason}); it is left out for {RetryPeriod}")]
    private partial void LogGatewayDown(IPEndPoint gateway, string reason, TimeSpan retryPeriod);

    [LoggerMessage(EventId = ClientEventIds.GatewayListChanged, Level = LogLevel.Information, Message = "The client's gateway list now has {Count} gateways: {Gateways}")]
    private partial void LogGatewayListChanged(int count, string gateways);

    [LoggerMessage(EventId = ClientEventIds.GatewayListRefreshFailed, Level = LogLevel.Warning, Message = "Reading the gateway list from {Source} failed; the client keeps its current list")]
    private partial void LogGatewayListRefreshFailed(string source, Exception exception);
}
