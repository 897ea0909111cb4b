using System.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>Tagged values, reference tracking and the type table.</summary>
internal sealed partial class WireWriter
{
    private readonly IdentityTable<object> _references = new();
    private readonly List<bool> _underConstruction = [];
    private readonly IdentityTable<WireTypeInfo> _types = new();
    private Type? _lastType;
    private WireCodec? _lastCodec;
    private int _depth;
    private int _currentId = -1;

    /// <summary>Writes a value whose runtime type is the declared type: Exact (or its well-known id) and the payload.</summary>
    public void WriteExact<T>(T value, WireCodec<T> codec)
    {
        var id = -1;
        if (codec.IsTracked && TryWriteBackReference(value!, out id))
        {
            return;
        }

        WriteByte(codec.WellKnownId != 0 ? codec.WellKnownId : WireTags.Exact);
        var saved = Enter(codec, id);
        codec.Write(this, value);
        Leave(codec, id, saved);
    }

    /// <summary>Writes a value of any runtime type: its tag, type reference when needed, and payload.</summary>
    public void WriteObject(object value, Type declaredType)
    {
        var type = value.GetType();
        WireCodec codec;
        if (type == _lastType)
        {
            codec = _lastCodec!;
        }
        else
        {
            codec = CodecRegistry.Get(type);
            _lastType = type;
            _lastCodec = codec;
        }

        if (codec.IsUnsupported)
        {
            codec.WriteBoxed(this, value);
        }

        if (!codec.IsDirect && !declaredType.IsAssignableFrom(codec.WireType))
        {
            throw new SerializationException(
                $"A {TypeNames.Format(type)} would arrive as a {TypeNames.Format(codec.WireType)}, which does not fit the declared type "
                + $"{TypeNames.Format(declaredType)}. Declare the member as an interface (IReadOnlyList<T>, IReadOnlyDictionary<K,V>) or as that type.");
        }

        var id = -1;
        if (codec.IsTracked && TryWriteBackReference(value, out id))
        {
            return;
        }

        if (codec.WellKnownId != 0)
        {
            WriteByte(codec.WellKnownId);
        }
        else
        {
            WriteByte(WireTags.Typed);
            WriteTypeReference(codec.WireTypeInfo);
        }

        var saved = Enter(codec, id);
        codec.WriteBoxed(this, value);
        Leave(codec, id, saved);
    }

    /// <summary>A well-known id, an index into the type table, or a new definition that is then added to the table.</summary>
    public void WriteTypeReference(WireTypeInfo type)
    {
        if (type.WellKnownId != 0)
        {
            WriteByte(type.WellKnownId);
            return;
        }

        var index = _types.IndexOf(type);
        if (index >= 0)
        {
            WriteVarUInt32((uint)(index + WireTags.FirstTableIndex));
            return;
        }

        WriteByte(WireTags.NewType);
        switch (type.Kind)
        {
            case WireTags.NamedType:
                type.EnsureAllowed(Policy);
                WriteByte(WireTags.NamedType);
                WriteCount(type.Name!.Length);
                WriteBytes(type.Name);
                break;
            case WireTags.ArrayType:
                if (!type.Type.IsSZArray)
                {
                    throw new SerializationException($"Multi-dimensional arrays ({TypeNames.Format(type.Type)}) are not supported; use a jagged array.");
                }

                WriteByte(WireTags.ArrayType);
                WriteTypeReference(type.Components[0]);
                break;
            default:
                WriteByte(WireTags.GenericType);
                WriteTypeReference(type.Components[0]);
                WriteCount(type.Components.Length - 1);
                for (var i = 1; i < type.Components.Length; i++)
                {
                    WriteTypeReference(type.Components[i]);
                }

                break;
        }

        _types.Add(type);
    }

    /// <summary>
    /// Called by a constructor-built object once its constructor members are written: from here on (its settable
    /// members) it may be referred to, since the reader has created it by then.
    /// </summary>
    public void ConstructorMembersWritten()
    {
        if (_currentId >= 0)
        {
            _underConstruction[_currentId] = false;
        }
    }

    /// <summary>Writes a back reference when <paramref name="value"/> was written before; otherwise gives it the next id.</summary>
    private bool TryWriteBackReference(object value, out int id)
    {
        id = _references.IndexOf(value);
        if (id < 0)
        {
            id = _references.Add(value);
            _underConstruction.Add(false);
            return false;
        }

        if (_underConstruction[id])
        {
            throw new SerializationException(
                $"A {TypeNames.Format(value.GetType())} refers back to itself through a member it is constructed from. "
                + "Cycles can only pass through objects with settable members, collections or arrays.");
        }

        WriteByte(WireTags.BackReference);
        WriteVarUInt32((uint)id);
        return true;
    }

    private int Enter(WireCodec codec, int id)
    {
        if (++_depth > Policy.MaxDepth)
        {
            throw new SerializationException(
                $"The value is nested deeper than {Policy.MaxDepth} levels (WireSerializerOptions.MaxDepth) at a {TypeNames.Format(codec.Type)}.");
        }

        if (id >= 0 && codec.IsConstructorBuilt)
        {
            _underConstruction[id] = true;
        }

        var saved = _currentId;
        _currentId = id;
        return saved;
    }

    private void Leave(WireCodec codec, int id, int saved)
    {
        _depth--;
        _currentId = saved;
        if (id >= 0 && codec.IsConstructorBuilt)
        {
            _underConstruction[id] = false;
        }
    }

    private void ResetState()
    {
        _references.Clear();
        _types.Clear();
        _underConstruction.Clear();
        _depth = 0;
        _currentId = -1;
        _lastType = null;
        _lastCodec = null;
        Policy = null!;
    }
}
