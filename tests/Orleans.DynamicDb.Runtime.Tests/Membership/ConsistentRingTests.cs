using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

public sealed class ConsistentRingTests
{
    private static readonly SiloAddress[] Three =
    [
        new("127.0.0.1", 11111, 1), new("127.0.0.1", 11112, 1), new("127.0.0.1", 11113, 1),
    ];

    [Fact]
    public void Every_hash_belongs_to_exactly_one_range_of_exactly_one_silo()
    {
        var ring = new ConsistentRing(Three);
        var random = new Random(42);
        for (var i = 0; i < 20_000; i++)
        {
            var hash = (uint)random.NextInt64(0, uint.MaxValue + 1L);
            var owners = Three.Where(s => ring.RangesOf(s).Any(r => ConsistentRing.InRange(hash, r.Begin, r.End))).ToList();
            Assert.Equal([ring.OwnerOf(hash)], owners);
        }
    }

    [Fact]
    public void Silos_get_roughly_equal_shares()
    {
        var ring = new ConsistentRing(Three);
        var counts = new Dictionary<SiloAddress, int>();
        for (uint i = 0; i < 30_000; i++)
        {
            var owner = ring.OwnerOf(StableHash.Compute($"grain/{i}"));
            counts[owner] = counts.GetValueOrDefault(owner) + 1;
        }

        Assert.All(counts.Values, c => Assert.InRange(c, 5_000, 15_000));
    }

    [Fact]
    public void Every_silo_computes_the_same_ring_whatever_the_order_it_learned_the_silos_in()
    {
        var a = new ConsistentRing(Three);
        var b = new ConsistentRing(Three.Reverse());

        for (uint hash = 0; hash < 1_000_000; hash += 997)
        {
            Assert.Equal(a.OwnerOf(hash), b.OwnerOf(hash));
        }
    }

    [Fact]
    public void A_silo_alone_owns_everything_as_the_whole_range()
    {
        var ring = new ConsistentRing([Three[0]]);

        Assert.Equal([(0u, 0u)], ring.RangesOf(Three[0]));
        Assert.Equal(Three[0], ring.OwnerOf(12345));
    }

    [Fact]
    public void When_a_silo_leaves_only_its_share_moves()
    {
        var before = new ConsistentRing(Three);
        var after = new ConsistentRing(Three[..2]);

        for (uint i = 0; i < 10_000; i++)
        {
            var hash = StableHash.Compute($"r/{i}");
            if (before.OwnerOf(hash) != Three[2])
            {
                Assert.Equal(before.OwnerOf(hash), after.OwnerOf(hash));
            }
        }
    }

    [Fact]
    public void A_silo_not_on_the_ring_owns_nothing()
    {
        var ring = new ConsistentRing(Three[..2]);

        Assert.Empty(ring.RangesOf(Three[2]));
    }
}
