using System.Runtime.Serialization;

namespace Orleans.DynamicDb.Runtime.Tests.Serialization;

public sealed class ReferenceTrackingTests
{
    [Fact]
    public void An_object_referenced_twice_arrives_as_one_object()
    {
        var shared = new Small("shared", 1);
        var list = new List<object> { shared, shared, new Pair(shared, shared) };

        var copy = Assert.IsType<List<object>>(Wire.RoundTripAsObject(list));

        Assert.Same(copy[0], copy[1]);
        var pair = Assert.IsType<Pair>(copy[2]);
        Assert.Same(copy[0], pair.First);
        Assert.Same(pair.First, pair.Second);
    }

    [Fact]
    public void Arguments_sharing_an_object_still_share_it_after_the_wire()
    {
        var settable = new Settable { Name = "x" };

        var copy = Assert.IsType<object?[]>(Wire.RoundTripAsObject(new object?[] { settable, settable }));

        Assert.Same(copy[0], copy[1]);
    }

    [Fact]
    public void Cycles_through_settable_members_and_collections_are_rebuilt()
    {
        var root = new Node { Name = "root" };
        var child = new Node { Name = "child", Next = root };
        root.Children.Add(child);
        root.Next = root;

        var copy = Wire.RoundTrip(root);

        Assert.Same(copy, copy.Next);
        Assert.Same(copy, copy.Children[0].Next);
        Assert.Equal("child", copy.Children[0].Name);
    }

    [Fact]
    public void A_list_that_contains_itself_is_rebuilt()
    {
        var list = new List<object>();
        list.Add(list);

        var copy = Assert.IsType<List<object>>(Wire.RoundTripAsObject(list));

        Assert.Same(copy, copy[0]);
    }

    [Fact]
    public void An_object_built_by_its_constructor_may_be_referred_to_from_its_settable_members()
    {
        var value = new RecordCycle("r");
        value.Payload = value;

        var copy = Wire.RoundTrip(value);

        Assert.Same(copy, copy.Payload);
    }

    [Fact]
    public void A_cycle_through_a_constructor_parameter_is_refused_with_a_clear_error()
    {
        var list = new List<object>();
        var holder = new Holder(list);
        list.Add(holder);

        var error = Assert.Throws<SerializationException>(() => Wire.Serializer.SerializeToArray(holder));

        Assert.Contains("Holder refers back to itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_deeper_than_the_limit_is_refused_instead_of_overflowing_the_stack()
    {
        var head = new Node { Name = "0" };
        var current = head;
        for (var i = 1; i < 5_000; i++)
        {
            current.Next = new Node { Name = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            current = current.Next;
        }

        var error = Assert.Throws<SerializationException>(() => Wire.Serializer.SerializeToArray(head));

        Assert.Contains("MaxDepth", error.Message, StringComparison.Ordinal);
    }
}
