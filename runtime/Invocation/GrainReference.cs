namespace Orleans.DynamicDb.Runtime.Invocation;

/// <summary>What every proxy of one grain interface on one runtime shares: the interface's methods and the sender.</summary>
public sealed class GrainReferenceShared
{
    internal GrainReferenceShared(GrainInterfaceInfo info, IGrainCallSender sender)
    {
        Info = info;
        Sender = sender;
    }

    internal GrainInterfaceInfo Info { get; }

    internal IGrainCallSender Sender { get; }
}

/// <summary>
/// Base class of the proxies the runtime generates for grain interfaces. A reference is an id plus a way to send
/// calls; it is cheap to create, compares by grain id, and never holds the grain itself.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    private readonly GrainReferenceShared _shared;

    protected GrainReference(GrainReferenceShared shared, GrainId grainId)
    {
        _shared = shared;
        GrainId = grainId;
    }

    public GrainId GrainId { get; }

    /// <summary>The grain interface this reference was created for.</summary>
    public Type InterfaceType => _shared.Info.InterfaceType;

    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => $"{InterfaceType.Name}:{GrainId}";

    protected Task InvokeTask(int methodIndex, object?[] arguments) =>
        _shared.Sender.Send<VoidResult>(GrainId, _shared.Info.Methods[methodIndex], arguments);

    protected Task<T> InvokeTask<T>(int methodIndex, object?[] arguments) =>
        _shared.Sender.Send<T>(GrainId, _shared.Info.Methods[methodIndex], arguments);

    protected ValueTask InvokeValueTask(int methodIndex, object?[] arguments) =>
        new(_shared.Sender.Send<VoidResult>(GrainId, _shared.Info.Methods[methodIndex], arguments));

    protected ValueTask<T> InvokeValueTask<T>(int methodIndex, object?[] arguments) =>
        new(_shared.Sender.Send<T>(GrainId, _shared.Info.Methods[methodIndex], arguments));
}

/// <summary>The result type of calls to methods that return no value.</summary>
public readonly struct VoidResult
{
}
