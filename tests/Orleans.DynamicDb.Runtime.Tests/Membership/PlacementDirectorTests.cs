using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Placement;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

public sealed class PlacementDirectorTests
{
    private static readonly SiloAddress[] Silos = [new("127.0.0.1", 1, 1), new("127.0.0.1", 2, 1), new("127.0.0.1", 3, 1)];
    private static readonly ConsistentRing Ring = new(Silos);

    [Fact]
    public void Hash_based_placement_picks_the_same_silo_from_every_silo()
    {
        for (var i = 0; i < 200; i++)
        {
            var id = new GrainId("database", $"app/db{i}");
            var chosen = Silos.Select(local => PlacementDirector.Choose(PlacementStrategy.HashBased, id, local, Silos, Ring)).Distinct();
            Assert.Single(chosen);
        }
    }

    [Fact]
    public void Prefer_local_placement_picks_the_calling_silo_while_it_is_active()
    {
        var id = new GrainId("x", "1");

        Assert.Equal(Silos[1], PlacementDirector.Choose(PlacementStrategy.PreferLocal, id, Silos[1], Silos, Ring));
        Assert.Contains(PlacementDirector.Choose(PlacementStrategy.PreferLocal, id, new SiloAddress("127.0.0.1", 9, 9), Silos, Ring), Silos);
    }

    [Fact]
    public void Random_placement_spreads_over_every_active_silo()
    {
        var id = new GrainId("x", "1");

        var chosen = Enumerable.Range(0, 300).Select(_ => PlacementDirector.Choose(PlacementStrategy.Random, id, Silos[0], Silos, Ring)).Distinct().Count();

        Assert.Equal(3, chosen);
    }

    [Fact]
    public void With_no_active_silo_known_the_local_silo_is_used()
    {
        Assert.Equal(Silos[0], PlacementDirector.Choose(PlacementStrategy.Random, new GrainId("x", "1"), Silos[0], [], new ConsistentRing([])));
    }
}
