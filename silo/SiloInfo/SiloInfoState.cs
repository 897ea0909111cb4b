namespace Orleans.DynamicDb.Silo.SiloInfo;

/// <summary>The stored state of <see cref="SiloInfoGrain"/>.</summary>
[GenerateSerializer]
[Alias("dyndb.SiloInfoState")]
internal sealed class SiloInfoState
{
    [Id(0)]
    public int Starts { get; set; }

    [Id(1)]
    public DateTimeOffset? FirstStartedAt { get; set; }

    [Id(2)]
    public DateTimeOffset? LastStartedAt { get; set; }

    public SiloStartHistory ToHistory() => new(Starts, FirstStartedAt, LastStartedAt);
}
