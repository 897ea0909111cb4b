using Orleans.DynamicDb.Engines.Ha.Reads;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Reads;

/// <summary>Where a read goes by its tier, the standbys' state and load, and the session's last write.</summary>
public sealed class TierRouteTests
{
    private static readonly StandbyState A = new("m1", 1000, TimeSpan.Zero, true, null);
    private static readonly StandbyState B = new("m2", 900, TimeSpan.FromMilliseconds(300), true, null);
    private static readonly StandbyState Lagging = new("m3", 10, TimeSpan.FromSeconds(9), false, "lagging");

    [Theory]
    [InlineData(Tier.High, 100, true, null, RouteReasons.High)]
    [InlineData(Tier.Medium, 4, true, null, RouteReasons.PrimaryHasRoom)]
    [InlineData(Tier.Medium, 9, true, "m2", RouteReasons.Standby)]
    [InlineData(Tier.Medium, 9, false, null, RouteReasons.NoSession)]
    [InlineData(Tier.Low, 0, false, "m2", RouteReasons.Standby)]
    [InlineData(Tier.Background, 0, true, "m2", RouteReasons.Standby)]
    public void A_read_goes_by_its_tier_to_the_least_loaded_qualifying_standby(Tier tier, int primaryInFlight, bool knownSession, string? standby, string reason)
    {
        var route = Choose(tier, primaryInFlight, [A, B, Lagging], required: 0, knownSession);

        Assert.Equal(new TierRoute(standby, reason), route);
    }

    [Fact]
    public void A_session_read_skips_standbys_that_have_not_replayed_its_write()
    {
        Assert.Equal(new TierRoute("m1", RouteReasons.Standby), Choose(Tier.Low, 0, [A, B], required: 950));
        Assert.Equal(new TierRoute(null, RouteReasons.SessionWrite), Choose(Tier.Low, 0, [A, B], required: 1001));
    }

    [Fact]
    public void With_no_qualifying_standby_a_Low_read_goes_to_the_primary()
    {
        Assert.Equal(new TierRoute(null, RouteReasons.NoStandby), Choose(Tier.Low, 0, [Lagging], required: 0));
        Assert.Equal(new TierRoute(null, RouteReasons.NoStandby), Choose(Tier.Low, 0, [], required: 0));
    }

    // m1 runs 3 reads, m2 runs 1, m3 none (but does not qualify); Medium moves to standbys above 8 on the primary.
    private static TierRoute Choose(Tier tier, int primaryInFlight, IReadOnlyList<StandbyState> standbys, long required, bool knownSession = true) =>
        TierRoute.Choose(tier, knownSession, primaryInFlight, 8, standbys, s => s.Qualified, m => m == "m1" ? 3 : m == "m2" ? 1 : 0, required, rotation: 0);
}
