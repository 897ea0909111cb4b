namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>Stable event ids of the silo host's log lines (4000–4099).</summary>
public static class SiloEventIds
{
    public const int DataDirectory = 4000;
    public const int SiloReady = 4001;
    public const int SiloStopping = 4002;
    public const int SiloHostStopped = 4003;
    public const int ReadinessCheckFailed = 4010;
}
