using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Tests.Copying;

public sealed class CopyIdentityTests
{
    [Fact]
    public void A_cycle_in_the_original_is_the_same_cycle_in_the_copy()
    {
        var a = new Node { Name = "a" };
        var b = new Node { Name = "b", Next = a };
        a.Next = b;

        var copy = DeepCopier.Copy(a);

        Assert.NotSame(a, copy);
        Assert.NotSame(b, copy.Next);
        Assert.Same(copy, copy.Next!.Next);
        Assert.Equal("b", copy.Next.Name);
    }

    [Fact]
    public void An_object_reached_twice_is_copied_once()
    {
        var shared = new Node { Name = "shared" };
        var root = new Node { Name = "root" };
        root.Children.Add(shared);
        root.Children.Add(shared);
        root.Next = shared;

        var copy = DeepCopier.Copy(root);

        Assert.NotSame(shared, copy.Next);
        Assert.Same(copy.Next, copy.Children[0]);
        Assert.Same(copy.Next, copy.Children[1]);
    }

    [Fact]
    public void A_list_that_contains_itself_is_copied_as_such()
    {
        var holder = new Holder();
        var list = new List<object> { holder };
        holder.Value = list;

        var copy = DeepCopier.Copy(list);

        Assert.Same(copy, ((Holder)copy[0]).Value);
    }

    [Fact]
    public void Values_copied_together_in_one_array_keep_the_references_they_share()
    {
        var shared = new SettableName { Name = "s" };
        var copy = DeepCopier.Copy(new object[] { shared, shared });

        Assert.NotSame(shared, copy[0]);
        Assert.Same(copy[0], copy[1]);
    }

    [Fact]
    public void Separate_copies_do_not_share_objects()
    {
        var original = new SettableName();
        Assert.NotSame(DeepCopier.Copy(original), DeepCopier.Copy(original));
    }
}
