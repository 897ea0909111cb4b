namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// An exception thrown on another process whose type cannot be recreated here: the type is unknown, not allowed,
/// or has no constructor that reproduces its message. It keeps the original type name, the message (unchanged), the
/// stack trace (as the remote part of <see cref="Exception.StackTrace"/>), the inner exception and the simple public
/// properties, such as an error code, in <see cref="Properties"/>.
/// </summary>
public sealed class RemoteException : Exception
{
    private static readonly IReadOnlyDictionary<string, object?> NoProperties = new Dictionary<string, object?>();

    public RemoteException(string remoteTypeName, string message, Exception? innerException = null, IReadOnlyDictionary<string, object?>? properties = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(remoteTypeName);
        RemoteTypeName = remoteTypeName;
        Properties = properties ?? NoProperties;
    }

    /// <summary>The original exception type, as "Namespace.Type, Assembly".</summary>
    public string RemoteTypeName { get; }

    /// <summary>The original exception's simple public properties by name (e.g. <c>ErrorCode</c>, <c>IsTransient</c>).</summary>
    public IReadOnlyDictionary<string, object?> Properties { get; }

    public override string ToString() => $"{RemoteTypeName} (remote): {base.ToString()}";
}
