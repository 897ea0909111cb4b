namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

// Floating point and decimal: fixed size, little-endian, bit-exact (NaN payloads and -0.0 survive).

internal sealed class SingleCodec : WireCodec<float>
{
    public override void Write(WireWriter writer, float value) => writer.WriteSingle(value);

    public override float Read(WireReader reader) => reader.ReadSingle();
}

internal sealed class DoubleCodec : WireCodec<double>
{
    public override void Write(WireWriter writer, double value) => writer.WriteDouble(value);

    public override double Read(WireReader reader) => reader.ReadDouble();
}

internal sealed class DecimalCodec : WireCodec<decimal>
{
    public override void Write(WireWriter writer, decimal value) => writer.WriteDecimal(value);

    public override decimal Read(WireReader reader) => reader.ReadDecimal();
}

internal sealed class GuidCodec : WireCodec<Guid>
{
    public override void Write(WireWriter writer, Guid value) => writer.WriteGuid(value);

    public override Guid Read(WireReader reader) => reader.ReadGuid();
}
