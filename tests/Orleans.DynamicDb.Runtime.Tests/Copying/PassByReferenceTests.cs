using System.Collections.Immutable;
using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Tests.Copying;

public sealed class PassByReferenceTests
{
    [Fact]
    public void Immutable_values_pass_by_reference()
    {
        var text = new string('x', 3);
        var money = new Money(12.5m, "EUR");
        var list = ImmutableList.Create("a", "b");
        var uri = new Uri("http://127.0.0.1/db");
        var error = new InvalidOperationException("boom");

        Assert.Same(text, DeepCopier.Copy(text));
        Assert.Same(money, DeepCopier.Copy(money));
        Assert.Same(list, DeepCopier.Copy(list));
        Assert.Same(uri, DeepCopier.Copy(uri));
        Assert.Same(error, DeepCopier.Copy(error));
        Assert.Same(typeof(string), DeepCopier.Copy(typeof(string)));
    }

    [Fact]
    public void An_immutable_value_typed_as_object_passes_by_reference()
    {
        object money = new Money(1m, "USD");
        Assert.Same(money, DeepCopier.Copy(money));
        Assert.Null(DeepCopier.Copy(null));
    }

    [Fact]
    public void A_value_wrapped_in_Immutable_passes_by_reference_even_when_mutable()
    {
        var values = new List<int> { 1, 2 };
        var copy = DeepCopier.Copy(values.AsImmutable());
        Assert.Same(values, copy.Value);
    }

    [Fact]
    public void A_type_marked_Immutable_passes_by_reference()
    {
        var value = new DeclaredImmutable();
        Assert.Same(value, DeepCopier.Copy(value));
    }

    [Fact]
    public void The_Immutable_mark_covers_subclasses_so_a_declared_type_and_its_instances_agree()
    {
        DeclaredImmutableBase value = new DeclaredImmutableChild();
        Assert.Same(value, DeepCopier.Copy(value));
        Assert.Same(value, DeepCopier.Copy((object)value));
        Assert.True(DeepCopier.IsShallowCopyable(typeof(DeclaredImmutableChild)));
    }

    [Fact]
    public void Copying_shallow_copyable_values_allocates_nothing()
    {
        var text = "hello";
        var money = new Money(3m, "EUR");
        object boxedMoney = money;
        var list = ImmutableList.Create(1, 2, 3);
        var point = new MutablePoint { X = 1, Y = 2 };
        CopyAll();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            CopyAll();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void CopyAll()
        {
            DeepCopier.Copy(text);
            DeepCopier.Copy(money);
            DeepCopier.Copy(boxedMoney);
            DeepCopier.Copy(list);
            DeepCopier.Copy(point);
            DeepCopier.Copy(42);
            DeepCopier.Copy(DateTime.MinValue);
            DeepCopier.Copy<int?>(7);
        }
    }
}
