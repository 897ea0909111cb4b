namespace Orleans.DynamicDb.Runtime.Tests.Serialization;

public sealed class ObjectRoundTripTests
{
    [Fact]
    public void A_record_is_rebuilt_through_its_primary_constructor()
    {
        var value = new Small("name", 3);

        Assert.Equal(value, Wire.RoundTrip(value));
        Assert.Equal(value, Wire.RoundTripAsObject(value));
    }

    [Fact]
    public void Init_only_members_outside_the_constructor_are_kept_and_computed_ones_are_not_written()
    {
        var value = new WithExtras("abc") { Priority = 9 };

        var copy = Wire.RoundTrip(value);

        Assert.Equal(9, copy.Priority);
        Assert.Equal("ABC", copy.Upper);
    }

    [Fact]
    public void A_class_with_settable_properties_is_rebuilt_through_its_parameterless_constructor()
    {
        var value = new Settable { Name = "n", Values = [1, 2] };

        var copy = Wire.RoundTrip(value);

        Assert.Equal("n", copy.Name);
        Assert.Equal([1, 2], copy.Values);
    }

    [Fact]
    public void Structs_round_trip_through_their_constructor_or_their_setters()
    {
        var point = Wire.RoundTrip(new Point(5, 6));
        var mutable = Wire.RoundTrip(new MutablePoint { X = 7, Label = "l" });

        Assert.Equal((5, 6), (point.X, point.Y));
        Assert.Equal((7, "l"), (mutable.X, mutable.Label));
    }

    [Fact]
    public void A_type_without_a_usable_constructor_or_setters_is_rebuilt_from_its_fields()
    {
        var value = PrivateState.Create("s", 4);

        Assert.Equal("s:4", Wire.RoundTrip(value).Describe());
    }

    [Fact]
    public void A_struct_held_as_object_keeps_its_type()
    {
        var holder = new Holder(new Point(1, 2));

        var copy = Wire.RoundTrip(holder);

        Assert.Equal(2, Assert.IsType<Point>(copy.Value).Y);
    }

    [Fact]
    public void The_type_name_is_written_once_per_message_and_then_referred_to_by_index()
    {
        var one = Wire.Serializer.SerializeToArray<object>(new Small("a", 1)).Length;
        var many = Wire.Serializer.SerializeToArray<object>(Enumerable.Range(0, 10).Select(i => (object)new Small("a", 1)).ToArray()).Length;

        // Every further element costs a tag, a one-byte type index and its members, not the name again.
        Assert.True(many < one + (9 * 8), $"{many} bytes for ten, {one} for one");
    }

    [Fact]
    public void A_struct_with_only_private_read_only_fields_is_rebuilt_from_its_fields()
    {
        Assert.Equal("x=3", Wire.RoundTrip(new Opaque(3, "x")).ToString());
        Assert.Equal("y=4", Wire.RoundTripAsObject(new Opaque(4, "y"))!.ToString());
    }

    [Fact]
    public void Private_fields_of_base_classes_are_kept_by_the_fields_rule()
    {
        var copy = Wire.RoundTrip(DerivedState.Create("d", 7));

        Assert.Equal(("d", 7), (copy.Name(), copy.Level()));
    }

    [Fact]
    public void Generic_types_of_the_application_round_trip_by_definition_and_arguments()
    {
        var value = new Box<List<Small>>([new("a", 1)]);

        var copy = Assert.IsType<Box<List<Small>>>(Wire.RoundTripAsObject(value));

        Assert.Equal(value.Value, copy.Value);
    }

    [Fact]
    public void Two_versions_of_a_type_with_different_member_counts_fail_clearly()
    {
        // Box<int> has one member; pretend the writer's version had two by patching the member count.
        var bytes = Wire.Serializer.SerializeToArray<object>(new Box<int>(5));
        var countAt = Array.LastIndexOf(bytes, (byte)1, bytes.Length - 2);
        bytes[countAt] = 2;

        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Wire.Serializer.Deserialize(bytes));

        Assert.Contains("Box<Int32> arrived with 2 members but has 1 here", error.Message, StringComparison.Ordinal);
    }
}
