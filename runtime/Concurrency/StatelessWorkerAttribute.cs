namespace Orleans.DynamicDb.Runtime;

/// <summary>
/// The grain keeps no state of its own: the silo may run up to <see cref="MaxLocalWorkers"/> activations of the same id
/// and sends each call to an idle one. Default: one per processor.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StatelessWorkerAttribute(int maxLocalWorkers) : Attribute
{
    public StatelessWorkerAttribute()
        : this(Environment.ProcessorCount)
    {
    }

    /// <summary>The most activations of one stateless worker id on one silo.</summary>
    public int MaxLocalWorkers { get; } = maxLocalWorkers > 0 ? maxLocalWorkers : throw new ArgumentOutOfRangeException(nameof(maxLocalWorkers), maxLocalWorkers, "A stateless worker needs at least one local worker.");
}
