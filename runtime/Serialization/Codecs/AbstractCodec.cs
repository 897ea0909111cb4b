using System.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>
/// An interface or abstract class: it can be a declared type (values are then written with their own concrete
/// type) but never the type of a value itself.
/// </summary>
internal sealed class AbstractCodec<T> : WireCodec<T>
{
    public override void Write(WireWriter writer, T value) => throw Error();

    public override T Read(WireReader reader) => throw Error();

    private static SerializationException Error() =>
        new($"{TypeNames.Format(typeof(T))} is an interface or abstract class; a value of it cannot be created from the input.");
}
