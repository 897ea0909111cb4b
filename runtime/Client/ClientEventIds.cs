namespace Orleans.DynamicDb.Runtime.Client;

/// <summary>Stable event ids of the cluster client's log lines (1300–1349).</summary>
internal static class ClientEventIds
{
    public const int Connected = 1300;
    public const int GatewayDown = 1301;
    public const int GatewayListChanged = 1302;
    public const int GatewayListRefreshFailed = 1303;
}
