namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary><see cref="Immutable{T}"/>: just its value. The promise not to change it is the caller's and does not travel.</summary>
internal sealed class ImmutableCodec<T> : WireCodec<Immutable<T>>
{
    public override void Write(WireWriter writer, Immutable<T> value) => Wire<T>.Write(writer, value.Value);

    public override Immutable<T> Read(WireReader reader) => new(Wire<T>.Read(reader));
}
