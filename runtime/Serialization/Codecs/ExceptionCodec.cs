using System.Runtime.ExceptionServices;

namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>
/// Any exception, whatever its declared type: its type name, message, stack trace (as text), inner exception and
/// simple public properties. The reader recreates the original type when it is allowed (or a base library
/// exception) and has a constructor that reproduces the message (<see cref="ExceptionFactory"/>); otherwise it
/// builds a <see cref="RemoteException"/> that keeps the type name, message and properties.
/// </summary>
internal sealed class ExceptionCodec<T> : WireCodec<T>
    where T : Exception
{
    public ExceptionCodec()
    {
        WellKnownId = WireTags.Exception;
        IsConstructorBuilt = true;
    }

    public override void Write(WireWriter writer, T value)
    {
        var shape = ExceptionShape.Of(value.GetType());
        var properties = shape.GetProperties(value);
        writer.WriteStringPayload(value is RemoteException remote ? remote.RemoteTypeName : shape.WireName);
        Wire<string?>.Write(writer, value.Message);
        Wire<string?>.Write(writer, value.StackTrace);
        Wire<Exception?>.Write(writer, value.InnerException);
        writer.WriteCount(properties.Count);
        foreach (var (name, property) in properties)
        {
            writer.WriteStringPayload(name);
            Wire<object?>.Write(writer, property);
        }
    }

    public override T Read(WireReader reader)
    {
        var typeName = reader.ReadStringPayload();
        var message = Wire<string?>.Read(reader) ?? string.Empty;
        var stackTrace = Wire<string?>.Read(reader);
        var inner = Wire<Exception?>.Read(reader);
        var count = reader.ReadCount();
        var properties = new Dictionary<string, object?>(count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            properties[reader.ReadStringPayload()] = Wire<object?>.Read(reader);
        }

        var exception = reader.Policy.TryResolveException(typeName) is { } type
            ? ExceptionFactory.TryCreate(type, message, inner, properties)
            : null;
        exception ??= new RemoteException(typeName, message, inner, properties);
        if (!string.IsNullOrEmpty(stackTrace))
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(exception, stackTrace);
        }

        return exception as T ?? throw reader.TypeMismatch(exception, typeof(T));
    }
}
