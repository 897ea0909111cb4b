using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Tests.Serialization;

public sealed class PrimitiveRoundTripTests
{
    public static TheoryData<object?> Values() => new()
    {
        null,
        true,
        false,
        (byte)200,
        (sbyte)-100,
        (short)-12345,
        (ushort)65000,
        0,
        -1,
        int.MinValue,
        int.MaxValue,
        uint.MaxValue,
        long.MinValue,
        long.MaxValue,
        ulong.MaxValue,
        'x',
        '\uffff',
        3.5f,
        float.NaN,
        -0.0,
        double.Epsilon,
        double.PositiveInfinity,
        79228162514264337593543950335m,
        -0.0001m,
        (nint)(-5),
        (nuint)7,
        string.Empty,
        "hello",
        "naïve 漢字 🚀",
        new string('x', 20_000),
        Guid.Parse("7b0a5ad1-0cf2-4c3b-9a36-2c3c0f4d2a11"),
        new DateTime(2026, 11, 21, 10, 30, 15, 123, DateTimeKind.Utc).AddTicks(4567),
        new DateTime(2026, 11, 21, 10, 30, 15, DateTimeKind.Local),
        new DateTime(2026, 11, 21, 10, 30, 15, DateTimeKind.Unspecified),
        new DateTimeOffset(2026, 11, 21, 10, 30, 15, TimeSpan.FromHours(5.5)),
        TimeSpan.FromMilliseconds(-1234.5),
        TimeSpan.MaxValue,
        new DateOnly(1, 1, 1),
        new DateOnly(9999, 12, 31),
        new TimeOnly(23, 59, 59, 999),
        Color.Blue,
        Access.Everything,
        new GrainId("database", "myapp/users"),
        new SiloAddress("127.0.0.1", 11111, 1763700000000),
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_read_as_object_equals_the_value_written(object? value)
    {
        var copy = Wire.RoundTripAsObject(value);

        Assert.Equal(value, copy);
        Assert.Equal(value?.GetType(), copy?.GetType());
    }

    [Fact]
    public void A_DateTime_keeps_its_kind_and_ticks()
    {
        var local = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Local).AddTicks(7);

        var copy = Wire.RoundTrip(local);

        Assert.Equal(DateTimeKind.Local, copy.Kind);
        Assert.Equal(local.Ticks, copy.Ticks);
    }

    [Fact]
    public void A_DateTimeOffset_keeps_its_offset()
    {
        var value = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-150));

        Assert.Equal(value.Offset, Wire.RoundTrip(value).Offset);
    }

    [Fact]
    public void Typed_helpers_round_trip_structs_without_a_declared_object()
    {
        Assert.Equal(42, Wire.RoundTrip(42));
        Assert.Equal((int?)null, Wire.RoundTrip<int?>(null));
        Assert.Equal(7, Wire.RoundTrip<int?>(7));
        Assert.Equal(Color.Green, Wire.RoundTrip(Color.Green));
        Assert.Equal(new Point(3, -4).X, Wire.RoundTrip(new Point(3, -4)).X);
    }

    [Fact]
    public void A_value_written_typed_can_be_read_as_object_and_the_other_way_round()
    {
        var bytes = Wire.Serializer.SerializeToArray(new Point(1, 2));
        var asObject = Assert.IsType<Point>(Wire.Serializer.Deserialize(bytes));
        Assert.Equal(2, asObject.Y);

        var boxed = Wire.Serializer.SerializeToArray<object>(12);
        Assert.Equal(12, Wire.Serializer.Deserialize<int>(boxed));
    }

    [Fact]
    public void A_byte_array_round_trips_as_one_block()
    {
        var payload = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(payload);

        var copy = Wire.RoundTrip(payload);

        Assert.Equal(payload, copy);
        Assert.True(Wire.Serializer.SerializeToArray(payload).Length < payload.Length + 16);
    }

    [Fact]
    public void Many_strings_crossing_the_writer_buffer_boundary_round_trip()
    {
        var strings = Enumerable.Range(0, 5_000).Select(i => i % 7 == 0 ? string.Empty : "0123456789".Substring(i % 10)).ToArray();

        Assert.Equal(strings, Wire.RoundTrip(strings));
    }

    [Fact]
    public void Small_integers_take_few_bytes()
    {
        // format version + tag + one byte of zig-zag varint
        Assert.Equal(3, Wire.Serializer.SerializeToArray<object>(5).Length);
        Assert.Equal(3, Wire.Serializer.SerializeToArray(-5).Length);
    }
}
