using System.Collections.Immutable;
using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Tests.Copying;

public sealed class ShallowCopyableTests
{
    [Theory]
    [InlineData(typeof(int))]
    [InlineData(typeof(bool))]
    [InlineData(typeof(double))]
    [InlineData(typeof(DayOfWeek))]
    [InlineData(typeof(string))]
    [InlineData(typeof(decimal))]
    [InlineData(typeof(DateTime))]
    [InlineData(typeof(DateTimeOffset))]
    [InlineData(typeof(TimeSpan))]
    [InlineData(typeof(Guid))]
    [InlineData(typeof(DateOnly))]
    [InlineData(typeof(TimeOnly))]
    [InlineData(typeof(Uri))]
    [InlineData(typeof(Version))]
    [InlineData(typeof(Type))]
    [InlineData(typeof(CancellationToken))]
    [InlineData(typeof(int?))]
    [InlineData(typeof(Guid?))]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(Immutable<List<int>>))]
    public void Well_known_immutable_types_are_shallow_copyable(Type type) =>
        Assert.True(DeepCopier.IsShallowCopyable(type));

    [Fact]
    public void The_runtime_type_behind_typeof_is_shallow_copyable() =>
        Assert.True(DeepCopier.IsShallowCopyable(typeof(int).GetType()));

    [Theory]
    [InlineData(typeof(object))]
    [InlineData(typeof(int[]))]
    [InlineData(typeof(List<int>))]
    [InlineData(typeof(Dictionary<string, int>))]
    [InlineData(typeof(IReadOnlyList<int>))]
    [InlineData(typeof(Action))]
    [InlineData(typeof(Func<int>))]
    [InlineData(typeof(SettableName))]
    [InlineData(typeof(MutablePoint))]
    [InlineData(typeof(Basket))]
    public void Mutable_or_open_types_are_not_shallow_copyable(Type type) =>
        Assert.False(DeepCopier.IsShallowCopyable(type));

    [Fact]
    public void A_sealed_record_of_immutable_values_is_shallow_copyable() =>
        Assert.True(DeepCopier.IsShallowCopyable(typeof(Money)));

    [Fact]
    public void A_record_that_is_not_sealed_is_not_shallow_copyable_since_a_subclass_could_add_mutable_fields() =>
        Assert.False(DeepCopier.IsShallowCopyable(typeof(OpenPoint)));

    [Fact]
    public void A_struct_with_only_read_only_fields_is_shallow_copyable()
    {
        Assert.True(DeepCopier.IsShallowCopyable(typeof(ReadOnlyPoint)));
        Assert.True(DeepCopier.IsShallowCopyable(typeof(ReadOnlyPoint?)));
        Assert.True(DeepCopier.IsShallowCopyable(typeof(KeyValuePair<string, int>)));
    }

    [Fact]
    public void An_init_only_property_of_a_mutable_type_is_not_enough()
    {
        Assert.False(DeepCopier.IsShallowCopyable(typeof(InitOnlyList)));
    }

    [Fact]
    public void A_type_marked_Immutable_is_shallow_copyable_whatever_its_fields() =>
        Assert.True(DeepCopier.IsShallowCopyable(typeof(DeclaredImmutable)));

    [Fact]
    public void Immutable_collections_are_shallow_copyable_only_when_their_elements_are()
    {
        Assert.True(DeepCopier.IsShallowCopyable(typeof(ImmutableArray<string>)));
        Assert.True(DeepCopier.IsShallowCopyable(typeof(ImmutableList<Money>)));
        Assert.True(DeepCopier.IsShallowCopyable(typeof(ImmutableDictionary<string, int>)));
        Assert.True(DeepCopier.IsShallowCopyable(typeof(ImmutableHashSet<Guid>)));
        Assert.False(DeepCopier.IsShallowCopyable(typeof(ImmutableList<List<int>>)));
        Assert.False(DeepCopier.IsShallowCopyable(typeof(ImmutableDictionary<string, SettableName>)));
    }

    [Fact]
    public void A_type_that_refers_to_itself_through_read_only_fields_is_shallow_copyable() =>
        Assert.True(DeepCopier.IsShallowCopyable(typeof(ImmutableNode)));

    [Fact]
    public void A_cycle_of_types_is_mutable_as_a_whole_when_one_of_them_is_mutable()
    {
        Assert.False(DeepCopier.IsShallowCopyable(typeof(Left)));
        Assert.False(DeepCopier.IsShallowCopyable(typeof(Right)));
    }

    [Fact]
    public void Open_generic_types_are_not_shallow_copyable() =>
        Assert.False(DeepCopier.IsShallowCopyable(typeof(List<>)));
}
