using System.Buffers;
using System.Runtime.Serialization;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// Compact, type-tagged binary serialization of grain call arguments, results and exceptions. Thread-safe; create
/// one per set of options and share it. The format and its rules are described in docs/transport.md.
/// </summary>
/// <remarks>
/// Every value starts with a format version byte. Values of well-known types carry a one-byte tag; other types are
/// named once per message in a type table ("Namespace.Type, Assembly", no version) and referred to by index after
/// that. Shared references and cycles are kept. Only allowed types are written or read (<see cref="WireSerializerOptions"/>);
/// truncated, corrupt or disallowed input fails with a <see cref="SerializationException"/>. A
/// <see cref="CancellationToken"/> arrives as <see cref="CancellationToken.None"/>: cancellation does not cross the wire.
/// </remarks>
public sealed class WireSerializer
{
    private readonly TypePolicy _policy;

    public WireSerializer()
        : this(new WireSerializerOptions())
    {
    }

    public WireSerializer(WireSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _policy = new TypePolicy(options);
    }

    /// <summary>Writes <paramref name="value"/>, whatever its runtime type, to <paramref name="output"/>.</summary>
    /// <exception cref="SerializationException">The value is or holds something that cannot be serialized or is not allowed.
    /// <paramref name="output"/> may then hold part of the value.</exception>
    public void Serialize(object? value, IBufferWriter<byte> output) => Serialize<object?>(value, output);

    /// <summary>Writes <paramref name="value"/> (without boxing a struct) in a form <see cref="Deserialize(ReadOnlySequence{byte})"/> also reads.</summary>
    public void Serialize<T>(T value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = WireWriter.Rent(output, _policy);
        try
        {
            writer.WriteByte(WireTags.FormatVersion);
            Wire<T>.WriteRoot(writer, value);
            writer.Complete();
        }
        catch (Exception exception) when (exception is not SerializationException)
        {
            throw new SerializationException($"Serializing a {Describe(value)} failed: {exception.Message}", exception);
        }
        finally
        {
            WireWriter.Return(writer);
        }
    }

    /// <summary>Serializes into a new array (for tests and tools; the transport writes into pooled buffers).</summary>
    public byte[] SerializeToArray<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public object? Deserialize(ReadOnlySequence<byte> input) => Deserialize<object?>(input);

    public object? Deserialize(ReadOnlyMemory<byte> input) => Deserialize<object?>(input);

    /// <summary>Reads one value; all of <paramref name="input"/> must be that value.</summary>
    /// <exception cref="SerializationException">The input is truncated, corrupt, names a type that is not allowed, or
    /// holds a value that is not a <typeparamref name="T"/>.</exception>
    public T Deserialize<T>(ReadOnlySequence<byte> input) => Read<T>(WireReader.Rent(input, _policy));

    public T Deserialize<T>(ReadOnlyMemory<byte> input) => Read<T>(WireReader.Rent(input, _policy));

    private static T Read<T>(WireReader reader)
    {
        try
        {
            var version = reader.ReadByte();
            if (version != WireTags.FormatVersion)
            {
                throw new SerializationException($"The input uses wire format version {version}; this side reads version {WireTags.FormatVersion}.");
            }

            var value = Wire<T>.ReadRoot(reader);
            return reader.Remaining == 0 ? value : throw reader.Corrupt($"{reader.Remaining} bytes follow the value");
        }
        catch (Exception exception) when (exception is not SerializationException)
        {
            throw new SerializationException($"The input is not valid wire data: {exception.Message}", exception);
        }
        finally
        {
            WireReader.Return(reader);
        }
    }

    private static string Describe<T>(T value) => Copying.TypeNames.Format(value?.GetType() ?? typeof(T));
}
