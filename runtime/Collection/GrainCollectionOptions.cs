namespace Orleans.DynamicDb.Runtime;

/// <summary>How idle activations are collected. Section: <c>Orleans:GrainCollection</c>.</summary>
public sealed class GrainCollectionOptions
{
    public const string SectionName = "Orleans:GrainCollection";

    /// <summary>How often the collector looks for idle activations. Default: 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Idle time after which an activation is deactivated. Default: 15 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Per grain class ages, keyed by the class's full name. Default: empty.</summary>
    public Dictionary<string, TimeSpan> ClassSpecificCollectionAge { get; } = new(StringComparer.Ordinal);

    /// <summary>Longest time OnActivateAsync may take before the activation fails. Default: 30 seconds.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest time OnDeactivateAsync may take before the activation is dropped anyway. Default: 30 seconds.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
