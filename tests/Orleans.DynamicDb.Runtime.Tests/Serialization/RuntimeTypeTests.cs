using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Tests.Serialization;

public sealed class RuntimeTypeTests
{
    public sealed record Call(GrainId Target, SiloAddress Silo, Immutable<List<int>> Data, CancellationToken Token);

    [Fact]
    public void Grain_ids_silo_addresses_and_immutable_values_round_trip_inside_a_record()
    {
        var call = new Call(GrainId.Create("counter", 42), new SiloAddress("10.0.0.1", 30000, 99), new List<int> { 1, 2 }.AsImmutable(), CancellationToken.None);

        var copy = Wire.RoundTrip(call);

        Assert.Equal(call.Target, copy.Target);
        Assert.Equal(call.Silo, copy.Silo);
        Assert.Equal([1, 2], copy.Data.Value);
    }

    [Fact]
    public void The_default_grain_id_round_trips()
    {
        Assert.True(Wire.RoundTrip(default(GrainId)).IsDefault);
    }

    [Fact]
    public void A_cancellation_token_arrives_as_none_because_cancellation_does_not_cross_the_wire()
    {
        using var source = new CancellationTokenSource();

        var copy = Wire.RoundTrip(source.Token);
        source.Cancel();

        Assert.False(copy.CanBeCanceled);
        Assert.Equal(CancellationToken.None, copy);
    }

    [Fact]
    public void Call_arguments_of_mixed_types_round_trip_as_an_object_array()
    {
        object?[] arguments = ["users", 3, null, new Small("a", 1), CancellationToken.None, new GrainId("t", "k")];

        var copy = Assert.IsType<object?[]>(Wire.RoundTripAsObject(arguments));

        Assert.Equal(arguments, copy);
    }
}
