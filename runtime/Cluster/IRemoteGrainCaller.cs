using Orleans.DynamicDb.Runtime.Invocation;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>Sends a grain call to another silo and returns its answer (the silo-to-silo transport).</summary>
internal interface IRemoteGrainCaller
{
    /// <summary>
    /// Delivers the call to <paramref name="silo"/>. Fails fast with <see cref="SiloUnavailableException"/> when the
    /// silo cannot be reached or its connection drops, and with <see cref="GrainNotHereException"/> when the silo
    /// answered that it does not host the grain and will not (it is shutting down).
    /// </summary>
    Task<T> CallAsync<T>(SiloAddress silo, GrainId target, GrainMethodDescriptor method, object?[] arguments, TimeSpan timeout, int hops);
}

/// <summary>The called silo does not host the grain and cannot take it (e.g. it is shutting down): look it up again.</summary>
public sealed class GrainNotHereException : Exception
{
    public GrainNotHereException()
    {
    }

    public GrainNotHereException(string message)
        : base(message)
    {
    }

    public GrainNotHereException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
