namespace Orleans.DynamicDb.Runtime.Invocation;

/// <summary>Base class of generated grain proxies (stub).</summary>
public abstract class GrainReference : IAddressable
{
    public GrainId GrainId { get; protected set; }
}
