using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

/// <summary>A <see cref="GrainId"/>: type and key as strings (both null for the default id).</summary>
internal sealed class GrainIdCodec : WireCodec<GrainId>
{
    public override void Write(WireWriter writer, GrainId value)
    {
        Wire<string?>.Write(writer, value.IsDefault ? null : value.Type);
        Wire<string?>.Write(writer, value.IsDefault ? null : value.Key);
    }

    public override GrainId Read(WireReader reader)
    {
        var type = Wire<string?>.Read(reader);
        var key = Wire<string?>.Read(reader);
        if (type is null)
        {
            return key is null ? default : throw reader.Corrupt("a grain id has a key but no type");
        }

        return type.Length > 0 && key is not null ? new GrainId(type, key) : throw reader.Corrupt("a grain id has an empty type or no key");
    }
}

/// <summary>A <see cref="SiloAddress"/>: host, port and generation.</summary>
internal sealed class SiloAddressCodec : WireCodec<SiloAddress>
{
    public override void Write(WireWriter writer, SiloAddress value)
    {
        Wire<string?>.Write(writer, value.Host);
        writer.WriteVarInt32(value.Port);
        writer.WriteVarInt64(value.Generation);
    }

    public override SiloAddress Read(WireReader reader) => new(Wire<string?>.Read(reader)!, reader.ReadVarInt32(), reader.ReadVarInt64());
}

/// <summary>
/// A <see cref="CancellationToken"/> crosses the wire as "none": cancellation does not travel between processes in
/// this version, so the receiver always gets <see cref="CancellationToken.None"/>. One byte, reserved for later use.
/// </summary>
internal sealed class CancellationTokenCodec : WireCodec<CancellationToken>
{
    public override void Write(WireWriter writer, CancellationToken value) => writer.WriteByte(0);

    public override CancellationToken Read(WireReader reader) =>
        reader.ReadByte() == 0 ? CancellationToken.None : throw reader.Corrupt("unknown cancellation token form");
}

/// <summary>A plain <c>new object()</c>, used as a marker or lock: no payload.</summary>
internal sealed class PlainObjectCodec : WireCodec<object>
{
    public override void Write(WireWriter writer, object value)
    {
    }

    public override object Read(WireReader reader) => new();
}
