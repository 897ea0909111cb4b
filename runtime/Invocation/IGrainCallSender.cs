namespace Orleans.DynamicDb.Runtime.Invocation;

/// <summary>Delivers a grain call: to a local activation today, over the wire once silos form a cluster.</summary>
internal interface IGrainCallSender
{
    /// <summary>Sends the call; <paramref name="arguments"/> belongs to the call from here on.</summary>
    Task<T> Send<T>(GrainId target, GrainMethodDescriptor method, object?[] arguments);
}
