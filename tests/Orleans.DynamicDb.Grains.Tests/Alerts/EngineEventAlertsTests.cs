using Orleans.DynamicDb.Alerts;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Grains.Tests.Alerts;

/// <summary>Which engine events become alerts (the mapping is pure logic; the stream is the engine grain's).</summary>
public sealed class EngineEventAlertsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_finished_failover_is_an_engine_failover_alert_with_a_stable_id()
    {
        var alert = EngineEventAlerts.ToAlert(new EngineEvent(42, At, "pg-ha", "failover", "pg-ha.m0", "pg-ha.m1", "done: m1 is the primary at epoch 3", 180.5));

        Assert.NotNull(alert);
        Assert.Equal(AlertEvents.EngineFailover, alert.Event);
        Assert.Equal("pg-ha-42", alert.Id);
        Assert.Equal("pg-ha", alert.Engine);
        Assert.Equal(At, alert.At);
        Assert.Equal("pg-ha.m1", alert.Details!["to"]);
        Assert.Equal("180.5", alert.Details["duration_ms"]);
    }

    [Fact]
    public void A_failed_failover_is_its_own_alert()
    {
        var alert = EngineEventAlerts.ToAlert(new EngineEvent(7, At, "pg-ha", "failover", "pg-ha.m0", null, "failed: no synchronous standby", 12));

        Assert.Equal(AlertEvents.EngineFailoverFailed, alert!.Event);
    }

    [Theory]
    [InlineData("failover", "decided: circuit opened")]
    [InlineData("state", "done: recovered")]
    [InlineData("circuit", "3 of 3 probes failed")]
    public void Other_events_are_not_alerts(string type, string reason)
    {
        Assert.Null(EngineEventAlerts.ToAlert(new EngineEvent(1, At, "pg", type, "a", "b", reason, null)));
    }
}
