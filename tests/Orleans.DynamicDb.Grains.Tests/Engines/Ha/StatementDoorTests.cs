using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

/// <summary>The statement door of a <c>postgres-ha</c> engine (pure logic): counting, holding, draining, releasing.</summary>
public sealed class StatementDoorTests
{
    [Fact]
    public async Task A_hold_waits_for_the_statements_in_flight_and_holds_new_ones_until_the_release()
    {
        var door = new StatementDoor("pg-ha");
        var inFlight = await door.EnterAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        var hold = door.HoldAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var held = door.EnterAsync(TimeSpan.FromSeconds(30), CancellationToken.None).AsTask();
        Assert.False(hold.IsCompleted);
        Assert.False(held.IsCompleted);
        Assert.Equal(1, door.InFlight);

        inFlight.Dispose();
        Assert.True(await hold);
        Assert.False(held.IsCompleted);
        Assert.Equal(0, door.InFlight);

        door.Release();
        using var pass = await held;
        Assert.Equal(1, door.InFlight);
        Assert.False(door.IsHeld);
    }

    [Fact]
    public async Task A_statement_held_past_its_bound_fails_with_engine_unavailable_and_a_drain_past_its_bound_answers_false()
    {
        var door = new StatementDoor("pg-ha");
        var stuck = await door.EnterAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        var drained = await door.HoldAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => door.EnterAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None).AsTask());

        Assert.False(drained);
        Assert.Equal(ErrorCodes.EngineUnavailable, refused.ErrorCode);
        Assert.True(refused.IsTransient);
        Assert.Contains("pg-ha", refused.Message, StringComparison.Ordinal);
        door.Release();
        stuck.Dispose();
        Assert.Equal(0, door.InFlight);
    }
}
