namespace Orleans.DynamicDb.Silo.SiloInfo;

/// <summary>The stored state of <see cref="SiloInfoGrain"/>.</summary>
internal sealed class SiloInfoState
{
    public int Starts { get; set; }

    public DateTimeOffset? FirstStartedAt { get; set; }

    public DateTimeOffset? LastStartedAt { get; set; }

    public SiloStartHistory ToHistory() => new(Starts, FirstStartedAt, LastStartedAt);
}
