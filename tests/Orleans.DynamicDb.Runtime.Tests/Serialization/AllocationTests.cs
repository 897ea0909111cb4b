using System.Buffers;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Runtime.Tests.Serialization;

/// <summary>Allocation counts are exact per thread (unlike timings), so they can be checked in a test.</summary>
public sealed class AllocationTests(ITestOutputHelper output)
{
    private const int Rounds = 1_000;

    [Fact]
    public void Serializing_a_small_record_into_a_reused_buffer_allocates_nothing_once_warm()
    {
        var value = new Small("users", 42);
        var buffer = new ArrayBufferWriter<byte>(256);
        void Once()
        {
            buffer.ResetWrittenCount();
            Wire.Serializer.Serialize(value, buffer);
        }

        var perCall = Measure(Once);

        output.WriteLine($"serialize Small: {perCall:F1} bytes per call, {buffer.WrittenCount} bytes on the wire");
        Assert.Equal(0, perCall);
    }

    [Fact]
    public void Deserializing_a_small_record_allocates_only_the_record_and_its_string()
    {
        var bytes = Wire.Serializer.SerializeToArray(new Small("users", 42));

        var perCall = Measure(() => Wire.Serializer.Deserialize<Small>(bytes));

        output.WriteLine($"deserialize Small: {perCall:F1} bytes per call");
        Assert.InRange(perCall, 1, 96);
    }

    private static double Measure(Action action)
    {
        for (var i = 0; i < 100; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Rounds;
    }
}
