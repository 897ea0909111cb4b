using System.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Serialization;

namespace Orleans.DynamicDb.Runtime.Tests.Serialization;

public sealed class CorruptInputTests
{
    private static readonly byte[] Sample = Wire.Serializer.SerializeToArray<object>(new object?[]
    {
        new Statement("select ?", [1, "x", null, Guid.Empty]),
        new Dictionary<string, List<Small>> { ["a"] = [new("n", 1)] },
        new CodedException("c.d", "m"),
        new Node { Name = "n" },
    });

    [Fact]
    public void Every_truncation_of_a_valid_message_fails_with_a_serialization_exception()
    {
        for (var length = 0; length < Sample.Length; length++)
        {
            var prefix = Sample.AsMemory(0, length);
            Assert.Throws<SerializationException>(() => Wire.Serializer.Deserialize(prefix));
        }
    }

    [Fact]
    public void Corrupted_bytes_either_read_as_something_or_fail_with_a_serialization_exception()
    {
        var random = new Random(1234);
        for (var round = 0; round < 3_000; round++)
        {
            var copy = (byte[])Sample.Clone();
            copy[random.Next(1, copy.Length)] = (byte)random.Next(256);
            if (round % 3 == 0)
            {
                copy[random.Next(1, copy.Length)] = (byte)random.Next(256);
            }

            try
            {
                Wire.Serializer.Deserialize(copy);
            }
            catch (SerializationException)
            {
            }
        }
    }

    [Fact]
    public void Bytes_after_the_value_are_an_error()
    {
        byte[] input = [.. Wire.Serializer.SerializeToArray(5), 0];

        var error = Assert.Throws<SerializationException>(() => Wire.Serializer.Deserialize(input));

        Assert.Contains("1 bytes follow the value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_version_is_an_error()
    {
        byte[] input = [99, 7, 2];

        var error = Assert.Throws<SerializationException>(() => Wire.Serializer.Deserialize(input));

        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_count_is_refused_before_anything_is_allocated()
    {
        // version, object[] tag, count 2^31 - 1 as a varint
        byte[] input = [1, 28, 0xFF, 0xFF, 0xFF, 0xFF, 0x07];

        var error = Assert.Throws<SerializationException>(() => Wire.Serializer.Deserialize(input));

        Assert.Contains("exceeds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_another_type_than_requested_is_an_error_naming_both()
    {
        var bytes = Wire.Serializer.SerializeToArray("text");

        var error = Assert.Throws<SerializationException>(() => Wire.Serializer.Deserialize<Small>(bytes));

        Assert.Contains("String", error.Message, StringComparison.Ordinal);
        Assert.Contains("Small", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_input_is_refused_instead_of_overflowing_the_stack()
    {
        // 100,000 nested object[] of one element each.
        var input = new byte[1 + (100_000 * 2) + 1];
        input[0] = 1;
        for (var i = 0; i < 100_000; i++)
        {
            input[1 + (i * 2)] = 28;
            input[2 + (i * 2)] = 1;
        }

        var error = Assert.Throws<SerializationException>(() => new WireSerializer().Deserialize(input));

        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
    }
}
