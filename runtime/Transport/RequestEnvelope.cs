namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// A grain call on the wire: the target grain, which method of which interface, its timeout and flags, and the
/// arguments (serialized together with <see cref="Serialization.WireSerializer"/>, so arguments sharing an object
/// still share it on arrival).
/// </summary>
public sealed class RequestEnvelope
{
    public RequestEnvelope(GrainId target, string interfaceType, int methodIndex, object?[] arguments)
    {
        if (target.IsDefault)
        {
            throw new ArgumentException("A request needs a target grain.", nameof(target));
        }

        ArgumentException.ThrowIfNullOrEmpty(interfaceType);
        ArgumentOutOfRangeException.ThrowIfNegative(methodIndex);
        ArgumentNullException.ThrowIfNull(arguments);
        Target = target;
        InterfaceType = interfaceType;
        MethodIndex = methodIndex;
        Arguments = arguments;
    }

    /// <summary>Assigned by the sending connection; unique among its pending requests.</summary>
    public long MessageId { get; internal set; }

    public GrainId Target { get; }

    /// <summary>The grain interface, as the runtime names it (e.g. its full name).</summary>
    public string InterfaceType { get; }

    /// <summary>The method's index in the interface's method table.</summary>
    public int MethodIndex { get; }

    public object?[] Arguments { get; }

    /// <summary>
    /// How long the caller waits for the response; the sending connection fails the request with a
    /// <see cref="TimeoutException"/> after it. <see cref="TimeSpan.Zero"/> (default): no timeout.
    /// </summary>
    public TimeSpan Timeout { get; init; }

    public RequestFlags Flags { get; init; }

    /// <summary>Whether this arrived as a one-way request (no response is expected).</summary>
    public bool IsOneWay { get; internal set; }

    /// <summary>On the receiving side: who sent the request (from the connection's handshake).</summary>
    public PeerIdentity? Sender { get; internal set; }

    public override string ToString() => $"{InterfaceType}#{MethodIndex} to grain {Target}";
}
