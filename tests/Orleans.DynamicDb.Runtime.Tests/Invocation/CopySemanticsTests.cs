using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Invocation;

public sealed class CopySemanticsTests
{
    [Fact]
    public async Task A_mutable_argument_is_copied_so_the_grain_cannot_change_the_callers_object()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Probe.NewName();
        var bag = new Bag { Items = [1] };
        EchoGrain.LastSeen[key] = bag;

        var same = await cluster.GrainFactory.GetGrain<IEchoGrain>(key).MutateAndCompare(bag);

        Assert.False(same);
        Assert.Equal([1], bag.Items);
    }

    [Fact]
    public async Task A_mutable_result_is_copied_so_the_caller_cannot_change_the_grains_object()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IEchoGrain>(Probe.NewName());

        (await grain.GetBag()).Items.Clear();

        Assert.Equal([1, 2, 3], (await grain.GetBag()).Items);
    }

    [Fact]
    public async Task An_immutable_record_is_passed_by_reference()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Probe.NewName();
        var point = new Point(1, 2);
        EchoGrain.LastSeen[key] = point;

        Assert.True(await cluster.GrainFactory.GetGrain<IEchoGrain>(key).IsSameAsLast(point));
    }

    [Fact]
    public async Task A_grain_interface_that_is_not_public_is_refused_with_its_name()
    {
        await using var cluster = await TestClusters.StartAsync();

        var error = Assert.Throws<ArgumentException>(() => cluster.GrainFactory.GetGrain<IHiddenGrain>("x"));

        Assert.Contains("IHiddenGrain", error.Message, StringComparison.Ordinal);
        Assert.Contains("public", error.Message, StringComparison.Ordinal);
    }
}
