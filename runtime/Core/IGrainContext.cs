namespace Orleans.DynamicDb.Runtime;

/// <summary>The runtime's view of one activation of a grain.</summary>
public interface IGrainContext
{
    /// <summary>The identity of the grain this activation belongs to.</summary>
    GrainId GrainId { get; }

    /// <summary>The grain instance, once constructed.</summary>
    object? GrainInstance { get; }

    /// <summary>The services of the silo the activation lives on.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Asks the runtime to deactivate this activation once its current turns have finished.</summary>
    void Deactivate(DeactivationReason reason);

    /// <summary>Keeps the activation from being collected as idle for at least <paramref name="timeSpan"/>; a negative value cancels an earlier delay.</summary>
    void DelayDeactivation(TimeSpan timeSpan);

    /// <summary>
    /// Overrides the idle age after which this one activation is collected (the grain type's age otherwise).
    /// <see cref="Timeout.InfiniteTimeSpan"/> or <see cref="TimeSpan.Zero"/> keeps it active until asked to deactivate.
    /// Not in Orleans, which only has per-type ages; the database grain uses it for a per-database hibernation timeout.
    /// </summary>
    void SetCollectionAge(TimeSpan age);
}
