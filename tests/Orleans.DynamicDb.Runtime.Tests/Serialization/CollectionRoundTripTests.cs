using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Runtime.Serialization;

namespace Orleans.DynamicDb.Runtime.Tests.Serialization;

public sealed class CollectionRoundTripTests
{
    [Fact]
    public void Arrays_including_jagged_arrays_and_arrays_of_objects_round_trip()
    {
        int[][] jagged = [[1, 2], [], [3]];
        object?[] mixed = [1, "two", null, new[] { 3.0 }];

        Assert.Equal(jagged, Wire.RoundTrip(jagged));
        Assert.Equal(mixed, Assert.IsType<object?[]>(Wire.RoundTripAsObject(mixed)));
    }

    [Fact]
    public void Lists_dictionaries_and_sets_round_trip_with_their_element_types()
    {
        var list = new List<Small?> { new("a", 1), null, new("b", 2) };
        var dictionary = new Dictionary<int, List<string>> { [1] = ["x"], [2] = [] };
        var set = new HashSet<Guid> { Guid.NewGuid(), Guid.NewGuid() };

        Assert.Equal(list, Wire.RoundTripAsObject(list));
        var dictionaryCopy = Assert.IsType<Dictionary<int, List<string>>>(Wire.RoundTripAsObject(dictionary));
        Assert.Equal(["x"], dictionaryCopy[1]);
        Assert.Empty(dictionaryCopy[2]);
        Assert.True(set.SetEquals(Assert.IsType<HashSet<Guid>>(Wire.RoundTripAsObject(set))));
    }

    [Fact]
    public void A_case_insensitive_string_dictionary_keeps_its_comparer()
    {
        var dictionary = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["Key"] = 1 };
        var set = new HashSet<string>(StringComparer.Ordinal) { "a" };

        var copy = Wire.RoundTrip(dictionary);

        Assert.Same(StringComparer.OrdinalIgnoreCase, copy.Comparer);
        Assert.Equal(1, copy["KEY"]);
        Assert.Same(StringComparer.Ordinal, Wire.RoundTrip(set).Comparer);
    }

    [Fact]
    public void Read_only_interface_members_are_materialised_as_lists_dictionaries_and_sets()
    {
        var catalog = new Catalog(
            ["a", "b"],
            new ReadOnlyDictionary<string, int>(new Dictionary<string, int> { ["a"] = 1 }),
            ImmutableHashSet.Create(Color.Red, Color.Blue),
            Enumerable.Range(1, 3).Select(i => (long)i));

        var copy = Wire.RoundTrip(catalog);

        Assert.Equal(["a", "b"], copy.Names);
        Assert.Equal(1, copy.Sizes["a"]);
        Assert.True(copy.Colors.SetEquals([Color.Red, Color.Blue]));
        Assert.Equal([1L, 2L, 3L], copy.Numbers);
        Assert.IsType<List<string>>(copy.Names);
        Assert.IsType<Dictionary<string, int>>(copy.Sizes);
        Assert.IsType<HashSet<Color>>(copy.Colors);
    }

    [Fact]
    public void A_statement_with_mixed_arguments_round_trips()
    {
        var statement = new Statement("select * from t where a = ? and b = ?", [1, "x", null, 2.5m, new byte[] { 1, 2 }]);

        var copy = Wire.RoundTrip(statement);

        Assert.Equal(statement.Sql, copy.Sql);
        Assert.Equal(statement.Args, copy.Args);
    }

    [Fact]
    public void A_collection_with_no_wire_form_of_its_own_is_refused_when_declared_by_its_concrete_type()
    {
        var holder = new ConcreteHolder(new ReadOnlyCollection<int>([1]));

        var error = Assert.Throws<SerializationException>(() => Wire.Serializer.SerializeToArray(holder));

        Assert.Contains("ReadOnlyCollection<Int32>", error.Message, StringComparison.Ordinal);
        Assert.Contains("List<Int32>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_tuples_and_key_value_pairs_round_trip()
    {
        var tuple = (1, "two", 3.0);
        var pair = new KeyValuePair<string, int>("a", 1);

        Assert.Equal(tuple, Wire.RoundTrip(tuple));
        Assert.Equal(pair, Wire.RoundTripAsObject(pair));
    }

    [Fact]
    public void Shapes_with_nested_collections_nullables_and_enums_round_trip()
    {
        var id = Guid.NewGuid();
        var shapes = new Shapes([[1], [2, 3]], [new("a", 1)], new() { [id] = new("b", 2), [Guid.Empty] = null }, ["x", "y"], null, Color.Blue);

        var copy = Wire.RoundTrip(shapes);

        Assert.Equal(shapes.Jagged, copy.Jagged);
        Assert.Equal(shapes.Items, copy.Items);
        Assert.Equal(shapes.ById, copy.ById);
        Assert.True(shapes.Tags.SetEquals(copy.Tags));
        Assert.Null(copy.Maybe);
        Assert.Equal(Color.Blue, copy.Surely);
    }

    public sealed record ConcreteHolder(ReadOnlyCollection<int> Values);
}
