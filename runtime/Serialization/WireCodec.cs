namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// Writes and reads the payload of values of one type: the bytes after the tag (and type reference) that
/// <see cref="Wire{T}"/> and <see cref="WireWriter.WriteObject"/> put in front. One instance per type, built once
/// and cached (<see cref="CodecCache{T}"/>, <see cref="CodecRegistry"/>).
/// </summary>
internal abstract class WireCodec
{
    protected WireCodec(Type type, Type? wireType)
    {
        Type = type;
        WireType = wireType ?? type;
        WellKnownId = WellKnownTypes.ValueIdOf(WireType);

        // Decided by the type the reader creates, so both sides number tracked objects alike.
        IsTracked = !WireType.IsValueType && WireType != typeof(string);
    }

    /// <summary>The type this codec writes.</summary>
    public Type Type { get; }

    /// <summary>
    /// The type a reader creates from what this codec writes: <see cref="Type"/>, except for collections that are
    /// materialised as <c>List&lt;T&gt;</c>, <c>Dictionary&lt;K,V&gt;</c> or <c>HashSet&lt;T&gt;</c>.
    /// </summary>
    public Type WireType { get; }

    /// <summary>The one-byte tag of this type's values (0 when values are tagged Exact or Typed).</summary>
    public byte WellKnownId { get; protected init; }

    /// <summary>Whether objects of this type take part in reference tracking (shared references and cycles).</summary>
    public bool IsTracked { get; }

    /// <summary>
    /// Whether the object is created from members read first (a constructor call), so it cannot be the target of
    /// a reference from inside itself.
    /// </summary>
    public bool IsConstructorBuilt { get; protected init; }

    /// <summary>How a type reference to <see cref="WireType"/> is written.</summary>
    public WireTypeInfo WireTypeInfo => field ??= WireTypeInfo.Of(WireType);

    /// <summary>Whether the type cannot be serialized at all (writing or reading throws, saying why).</summary>
    public bool IsUnsupported { get; protected init; }

    /// <summary>Whether a value of exactly <see cref="Type"/> may be written with the Exact tag (no type reference).</summary>
    public bool IsDirect => WireType == Type;

    public abstract void WriteBoxed(WireWriter writer, object value);

    public abstract object? ReadBoxed(WireReader reader);
}

/// <summary>The typed form of <see cref="WireCodec"/>: no boxing for values whose type is known statically.</summary>
internal abstract class WireCodec<T>(Type? wireType = null) : WireCodec(typeof(T), wireType)
{
    public abstract void Write(WireWriter writer, T value);

    public abstract T Read(WireReader reader);

    public override void WriteBoxed(WireWriter writer, object value) => Write(writer, (T)value);

    public override object? ReadBoxed(WireReader reader) => Read(reader);
}
