using Orleans.DynamicDb.Runtime.Copying;

namespace Orleans.DynamicDb.Runtime.Tests.Copying;

public sealed class UncopyableValueTests
{
    [Fact]
    public void Copying_a_delegate_fails_with_an_error_naming_its_type()
    {
        Func<int> callback = () => 42;

        var error = Assert.Throws<NotSupportedException>(() => DeepCopier.Copy(callback));

        Assert.Contains("'Func<Int32>'", error.Message, StringComparison.Ordinal);
        Assert.Contains("delegate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delegate_inside_a_copied_object_is_reported_too()
    {
        var holder = new Holder { Value = new Action(() => { }) };

        var error = Assert.Throws<NotSupportedException>(() => DeepCopier.Copy(holder));

        Assert.Contains("'Action'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delegate_wrapped_in_Immutable_passes_by_reference()
    {
        Action callback = () => { };
        Assert.Same(callback, DeepCopier.Copy(callback.AsImmutable()).Value);
    }

    [Fact]
    public void Tasks_and_streams_cannot_be_copied()
    {
        object task = Task.FromResult(1);
        Assert.Throws<NotSupportedException>(() => DeepCopier.Copy(task));
        Assert.Throws<NotSupportedException>(() => DeepCopier.Copy(new MemoryStream()));
    }
}
