namespace Orleans.DynamicDb.Runtime.Serialization.Codecs;

// Date and time values. A DateTime keeps its ticks and its Kind exactly (a Local time is not converted to the
// reader's time zone); a DateTimeOffset keeps its clock time and its offset.

internal sealed class DateTimeCodec : WireCodec<DateTime>
{
    public override void Write(WireWriter writer, DateTime value)
    {
        writer.WriteInt64(value.Ticks);
        writer.WriteByte((byte)value.Kind);
    }

    public override DateTime Read(WireReader reader)
    {
        var ticks = reader.ReadInt64();
        var kind = reader.ReadByte();
        return kind <= (byte)DateTimeKind.Local ? new DateTime(ticks, (DateTimeKind)kind) : throw reader.Corrupt($"{kind} is not a DateTimeKind");
    }
}

internal sealed class DateTimeOffsetCodec : WireCodec<DateTimeOffset>
{
    public override void Write(WireWriter writer, DateTimeOffset value)
    {
        writer.WriteInt64(value.Ticks);
        writer.WriteVarInt32((int)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
    }

    public override DateTimeOffset Read(WireReader reader)
    {
        var ticks = reader.ReadInt64();
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(reader.ReadVarInt32()));
    }
}

internal sealed class TimeSpanCodec : WireCodec<TimeSpan>
{
    public override void Write(WireWriter writer, TimeSpan value) => writer.WriteVarInt64(value.Ticks);

    public override TimeSpan Read(WireReader reader) => new(reader.ReadVarInt64());
}

internal sealed class DateOnlyCodec : WireCodec<DateOnly>
{
    public override void Write(WireWriter writer, DateOnly value) => writer.WriteVarInt32(value.DayNumber);

    public override DateOnly Read(WireReader reader) => DateOnly.FromDayNumber(reader.ReadVarInt32());
}

internal sealed class TimeOnlyCodec : WireCodec<TimeOnly>
{
    public override void Write(WireWriter writer, TimeOnly value) => writer.WriteVarInt64(value.Ticks);

    public override TimeOnly Read(WireReader reader) => new(reader.ReadVarInt64());
}
