using System.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>Tagged values, reference tracking and the type table.</summary>
internal sealed partial class WireReader
{
    private const int KeptTableSize = 1024;

    private readonly List<object?> _references = [];
    private readonly List<Type> _types = [];
    private int _current = -1;
    private int _depth;

    /// <summary>Reads a payload with <paramref name="codec"/>, giving a tracked object the next reference id.</summary>
    public T ReadTracked<T>(WireCodec<T> codec)
    {
        var saved = Enter(codec);
        var value = codec.Read(this);
        if (_current >= 0)
        {
            _references[_current] = value;
        }

        Leave(saved);
        return value;
    }

    public object? ReadTrackedBoxed(WireCodec codec)
    {
        var saved = Enter(codec);
        var value = codec.ReadBoxed(this);
        if (_current >= 0)
        {
            _references[_current] = value;
        }

        Leave(saved);
        return value;
    }

    /// <summary>
    /// Makes <paramref name="value"/> the target of back references before its members are read; codecs that create
    /// their object first (collections, objects with setters) call this so cycles through them resolve.
    /// </summary>
    public void Register(object value)
    {
        if (_current >= 0)
        {
            _references[_current] = value;
        }
    }

    /// <summary>Reads the value that follows <paramref name="tag"/> when the declared type does not say what it is.</summary>
    public object? ReadObject(byte tag)
    {
        switch (tag)
        {
            case WireTags.Null:
                return null;
            case WireTags.BackReference:
                return ReadBackReference();
            case WireTags.Typed:
                return ReadTrackedBoxed(CodecRegistry.Get(ReadTypeReference()));
            case WireTags.Exception:
                return ReadTrackedBoxed(CodecRegistry.Get(typeof(Exception)));
            case WireTags.Exact:
                throw Corrupt("an Exact tag where the declared type does not name a concrete type");
            default:
                if (tag <= WellKnownTypes.LastValueId && WellKnownTypes.TypeOf(tag) is { } type)
                {
                    return ReadTrackedBoxed(CodecRegistry.Get(type));
                }

                throw Corrupt($"unknown tag 0x{tag:X2}");
        }
    }

    public Type ReadTypeReference()
    {
        var value = ReadVarUInt32();
        if (value == WireTags.NewType)
        {
            var type = ReadTypeDefinition();
            _types.Add(type);
            return type;
        }

        if (value < WireTags.FirstTableIndex)
        {
            return WellKnownTypes.TypeOf((int)value) ?? throw Corrupt($"unknown well-known type id {value}");
        }

        var index = value - WireTags.FirstTableIndex;
        return index < _types.Count ? _types[(int)index] : throw Corrupt($"type table index {index} is not defined yet");
    }

    /// <summary>Checks the member count written before an object's members against the count this side expects.</summary>
    public void ReadMemberCount(int expected, Type type)
    {
        var count = ReadVarUInt32();
        if (count != expected)
        {
            throw new SerializationException(
                $"A {TypeNames.Format(type)} arrived with {count} members but has {expected} here: both sides must use the same version of the type.");
        }
    }

    public SerializationException TypeMismatch(object? value, Type expected) => new(
        $"The input holds {(value is null ? "null" : "a " + TypeNames.Format(value.GetType()))} where a {TypeNames.Format(expected)} is expected.");

    private object ReadBackReference()
    {
        var id = ReadVarUInt32();
        if (id >= _references.Count)
        {
            throw Corrupt($"back reference {id} points past the {_references.Count} objects read so far");
        }

        return _references[(int)id] ?? throw new SerializationException(
            "The input refers back to an object that is built from its own members (a cycle through a constructor); such cycles cannot be read.");
    }

    private Type ReadTypeDefinition()
    {
        var kind = ReadByte();
        switch (kind)
        {
            case WireTags.NamedType:
                return Policy.Resolve(ReadSpan(ReadCount()));
            case WireTags.ArrayType:
                return TypeConstruction.MakeArray(ReadTypeReference());
            case WireTags.GenericType:
                var definition = ReadTypeReference();
                if (!definition.IsGenericTypeDefinition)
                {
                    throw Corrupt($"{TypeNames.Format(definition)} is not a generic type definition");
                }

                var count = ReadCount();
                if (count != definition.GetGenericArguments().Length)
                {
                    throw Corrupt($"{TypeNames.Format(definition)} takes {definition.GetGenericArguments().Length} type arguments, not {count}");
                }

                var arguments = new Type[count];
                for (var i = 0; i < count; i++)
                {
                    arguments[i] = ReadTypeReference();
                }

                return TypeConstruction.MakeGeneric(definition, arguments);
            default:
                throw Corrupt($"unknown type definition kind {kind}");
        }
    }

    private int Enter(WireCodec codec)
    {
        if (++_depth > Policy.MaxDepth)
        {
            throw new SerializationException($"The input is nested deeper than {Policy.MaxDepth} levels (WireSerializerOptions.MaxDepth).");
        }

        var saved = _current;
        if (codec.IsTracked)
        {
            _current = _references.Count;
            _references.Add(null);
        }
        else
        {
            _current = -1;
        }

        return saved;
    }

    private void Leave(int saved)
    {
        _current = saved;
        _depth--;
    }

    private void ResetState()
    {
        var large = _references.Count > KeptTableSize;
        _references.Clear();
        if (large)
        {
            _references.Capacity = KeptTableSize;
        }

        _types.Clear();
        _current = -1;
        _depth = 0;
        Policy = null!;
    }
}
