namespace Orleans.DynamicDb.Runtime;

/// <summary>The idle age after which activations of this grain class are collected (overrides <see cref="GrainCollectionOptions.CollectionAge"/>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    public double Days { get; init; }

    public double Hours { get; init; }

    public double Minutes { get; init; }

    public double Seconds { get; init; }

    /// <summary>Never collect activations of this class as idle.</summary>
    public bool AlwaysActive { get; init; }

    public TimeSpan AgeLimit => AlwaysActive
        ? Timeout.InfiniteTimeSpan
        : TimeSpan.FromDays(Days) + TimeSpan.FromHours(Hours) + TimeSpan.FromMinutes(Minutes) + TimeSpan.FromSeconds(Seconds);
}
