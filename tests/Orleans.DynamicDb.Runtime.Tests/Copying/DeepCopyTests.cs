using System.Collections.Immutable;
using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Tests.Copying;

public sealed class DeepCopyTests
{
    [Fact]
    public void A_mutable_class_is_copied_and_changing_the_copy_leaves_the_original_alone()
    {
        var original = new SettableName { Name = "a" };
        var copy = DeepCopier.Copy(original);

        Assert.NotSame(original, copy);
        copy.Name = "b";
        Assert.Equal("a", original.Name);
    }

    [Fact]
    public void A_list_is_copied_with_copies_of_its_mutable_elements()
    {
        var original = new List<SettableName> { new() { Name = "a" } };
        var copy = DeepCopier.Copy(original);

        copy[0].Name = "b";
        copy.Add(new SettableName());
        Assert.Single(original);
        Assert.Equal("a", original[0].Name);
    }

    [Fact]
    public void Arrays_are_copied_including_jagged_and_multi_dimensional_ones()
    {
        var flat = new[] { 1, 2, 3 };
        var jagged = new[] { new[] { 1 }, new[] { 2, 3 } };
        var grid = new SettableName[2, 2];
        grid[1, 1] = new SettableName { Name = "a" };

        var flatCopy = DeepCopier.Copy(flat);
        var jaggedCopy = DeepCopier.Copy(jagged);
        var gridCopy = DeepCopier.Copy(grid);
        flatCopy[0] = 9;
        jaggedCopy[1][0] = 9;
        gridCopy[1, 1].Name = "b";

        Assert.Equal([1, 2, 3], flat);
        Assert.Equal(2, jagged[1][0]);
        Assert.Equal("a", grid[1, 1].Name);
        Assert.Null(gridCopy[0, 0]);
    }

    [Fact]
    public void A_dictionary_is_copied_with_its_comparer_and_mutable_values()
    {
        var original = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase) { ["Key"] = [1] };
        var copy = DeepCopier.Copy(original);

        copy["KEY"].Add(2);
        Assert.Equal([1], original["key"]);
        Assert.Same(original.Comparer, copy.Comparer);
    }

    [Fact]
    public void Keys_hashed_by_identity_are_found_again_in_the_copied_dictionary_and_set()
    {
        var key = new Identity { Id = 1 };
        var copy = DeepCopier.Copy(new Dictionary<Identity, string> { [key] = "one" });
        var setCopy = DeepCopier.Copy(new HashSet<Identity> { key });

        var copiedKey = Assert.Single(copy.Keys);
        Assert.NotSame(key, copiedKey);
        Assert.Equal("one", copy[copiedKey]);
        Assert.Contains(Assert.Single(setCopy), setCopy);
    }

    [Fact]
    public void Queues_and_stacks_keep_their_order()
    {
        var queue = new Queue<List<int>>([[1], [2]]);
        var stack = new Stack<List<int>>([[1], [2]]);

        Assert.Equal([[1], [2]], DeepCopier.Copy(queue));
        var stackCopy = DeepCopier.Copy(stack);
        Assert.Equal(stack, stackCopy);
        Assert.NotSame(stack.Peek(), stackCopy.Peek());
    }

    [Fact]
    public void A_record_with_a_mutable_member_is_copied()
    {
        var original = new Basket("ann", ["apple"]);
        var copy = DeepCopier.Copy(original);

        Assert.NotSame(original, copy);
        Assert.Equal("ann", copy.Owner);
        copy.Items.Add("pear");
        Assert.Equal(["apple"], original.Items);
    }

    [Fact]
    public void Init_only_properties_and_base_class_private_fields_are_copied()
    {
        var initOnly = new InitOnlyList { Values = [1] };
        var dog = new Dog { Name = "rex" };
        dog.Tag("good");

        var initOnlyCopy = DeepCopier.Copy(initOnly);
        var dogCopy = DeepCopier.Copy(dog);
        initOnlyCopy.Values.Add(2);
        dogCopy.Tag("fed");

        Assert.Equal([1], initOnly.Values);
        Assert.Equal(["good"], dog.Tags);
        Assert.Equal(["good", "fed"], dogCopy.Tags);
        Assert.Equal("rex", dogCopy.Name);
    }

    [Fact]
    public void A_struct_holding_a_list_is_copied_whether_typed_or_boxed()
    {
        var original = new Tagged { Name = "t", Values = [1] };
        var copy = DeepCopier.Copy(original);
        object boxed = original;
        var boxedCopy = (Tagged)DeepCopier.Copy(boxed)!;

        copy.Values.Add(2);
        boxedCopy.Values.Add(3);
        Assert.Equal([1], original.Values);
        Assert.Equal("t", boxedCopy.Name);
    }

    [Fact]
    public void A_boxed_mutable_struct_gets_a_new_box()
    {
        object boxed = new MutablePoint { X = 1, Y = 2 };
        var copy = DeepCopier.Copy(boxed);

        Assert.NotSame(boxed, copy);
        Assert.Equal(boxed, copy);
    }

    [Fact]
    public void Immutable_collections_of_mutable_elements_are_rebuilt_from_copies()
    {
        var key = new Identity { Id = 1 };
        var dictionary = ImmutableDictionary<Identity, List<int>>.Empty.Add(key, [1]);
        var list = ImmutableList.Create(new List<int> { 1 });

        var dictionaryCopy = DeepCopier.Copy(dictionary);
        var listCopy = DeepCopier.Copy(list);
        var copiedKey = Assert.Single(dictionaryCopy.Keys);
        dictionaryCopy[copiedKey].Add(2);
        listCopy[0].Add(2);

        Assert.NotSame(key, copiedKey);
        Assert.Equal([1], dictionary[key]);
        Assert.Equal([1], list[0]);
    }

    [Fact]
    public void Values_inside_object_arrays_are_copied_one_by_one()
    {
        var mutable = new SettableName { Name = "a" };
        object?[] arguments = ["text", 5, mutable, null];
        var copy = DeepCopier.Copy(arguments);

        Assert.NotSame(arguments, copy);
        Assert.Same(arguments[0], copy[0]);
        Assert.Equal(5, copy[1]);
        Assert.NotSame(mutable, copy[2]);
        Assert.Null(copy[3]);
    }

    [Fact]
    public void A_class_derived_from_a_generic_collection_is_copied_with_its_entries_and_own_fields()
    {
        var original = new NamedLists { Label = "l", ["a"] = [1] };
        var copy = DeepCopier.Copy(original);

        copy["a"].Add(2);
        copy["b"] = [];
        Assert.Equal("l", copy.Label);
        Assert.Equal([1], original["a"]);
        Assert.Single(original);
    }
}
