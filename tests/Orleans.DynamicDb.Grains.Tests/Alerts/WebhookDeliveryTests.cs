using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.DynamicDb.Alerts;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Alerts;

/// <summary>Webhook alerts delivered to a real HTTP receiver on a loopback port.</summary>
public sealed class WebhookDeliveryTests
{
    private const string Secret = "a-webhook-secret-of-some-length";

    [Fact]
    public async Task An_alert_arrives_as_signed_json_with_its_event_and_delivery_headers()
    {
        using var receiver = new WebhookReceiver();
        await using var host = await AlertHost.StartAsync(Settings(receiver.Url));
        var at = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

        host.Sink.Publish(AlertEvent.Critical(AlertEvents.PolicySwitch, at, "Policy 'slow' moves shop/orders to pg.", "sqlite", "shop", "orders", new Dictionary<string, string?> { ["policy"] = "slow" }));

        await Eventually.True(() => receiver.Requests.Count == 1, "the receiver gets the alert");
        var request = receiver.Requests[0];
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/dyndb/", request.Path);
        Assert.StartsWith("application/json", request.ContentType);
        Assert.Equal(AlertEvents.PolicySwitch, request.Headers["X-DynDb-Event"]);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.Equal(expected, request.Headers["X-DynDb-Signature"]);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(request.Headers["X-DynDb-Delivery"], root.GetProperty("id").GetString());
        Assert.Equal("policy.switch", root.GetProperty("event").GetString());
        Assert.Equal("critical", root.GetProperty("severity").GetString());
        Assert.Equal(at, root.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("sqlite", root.GetProperty("engine").GetString());
        Assert.Equal("shop", root.GetProperty("app").GetString());
        Assert.Equal("orders", root.GetProperty("database").GetString());
        Assert.Equal("Policy 'slow' moves shop/orders to pg.", root.GetProperty("message").GetString());
        Assert.Equal("slow", root.GetProperty("details").GetProperty("policy").GetString());
        await Eventually.True(() => host.Count("dyndb.alerts.sent|result=delivered") == 1, "the delivery is counted");
    }

    [Fact]
    public async Task A_500_answer_is_retried_with_the_same_body_and_the_retry_succeeds()
    {
        using var receiver = new WebhookReceiver { Answer = n => n == 1 ? 500 : 204 };
        await using var host = await AlertHost.StartAsync(Settings(receiver.Url));

        host.Sink.Publish(Alert(AlertEvents.SwitchFailed));

        await Eventually.True(() => host.Count("dyndb.alerts.sent|result=delivered") == 1, "the second attempt delivers");
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(receiver.Requests[0].Body, receiver.Requests[1].Body);
        Assert.Equal(receiver.Requests[0].Headers["X-DynDb-Delivery"], receiver.Requests[1].Headers["X-DynDb-Delivery"]);
        Assert.Equal(1, host.Count("dyndb.alerts.retries"));
    }

    [Fact]
    public async Task A_400_answer_is_final_and_the_next_alert_still_goes_out()
    {
        using var receiver = new WebhookReceiver { Answer = n => n == 1 ? 400 : 200 };
        await using var host = await AlertHost.StartAsync(Settings(receiver.Url));

        host.Sink.Publish(Alert(AlertEvents.SwitchFailed));
        host.Sink.Publish(Alert(AlertEvents.SwitchRolledBack));

        // One queue per webhook, in order: the second alert is sent only once the first is settled.
        await Eventually.True(() => host.Count("dyndb.alerts.sent|result=delivered") == 1, "the second alert is delivered");
        Assert.Equal([AlertEvents.SwitchFailed, AlertEvents.SwitchRolledBack], receiver.Requests.Select(r => r.Headers["X-DynDb-Event"]));
        Assert.Equal(1, host.Count("dyndb.alerts.sent|result=rejected"));
        Assert.Equal(0, host.Count("dyndb.alerts.retries"));
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_alerts_and_publish_never_waits()
    {
        using var receiver = new WebhookReceiver();
        receiver.Hold();
        var settings = Settings(receiver.Url);
        settings["DynamicDb:Alerts:QueueCapacity"] = "2";
        await using var host = await AlertHost.StartAsync(settings);
        var first = Alert(AlertEvents.SwitchFailed);
        host.Sink.Publish(first);
        await Eventually.True(() => receiver.Requests.Count == 1, "the first alert is in flight (held by the receiver)");

        // The receiver answers nothing while these are published: each call returns by itself.
        var later = Enumerable.Range(0, 5).Select(_ => Alert(AlertEvents.SwitchFailed)).ToList();
        foreach (var alert in later)
        {
            host.Sink.Publish(alert);
        }

        Assert.Single(receiver.Requests);
        Assert.Equal(3, host.Count("dyndb.alerts.dropped"));
        receiver.Release();
        await Eventually.True(() => host.Count("dyndb.alerts.sent|result=delivered") == 3, "the queued alerts are delivered");
        Assert.Equal([first.Id, later[3].Id, later[4].Id], receiver.Requests.Select(r => r.Headers["X-DynDb-Delivery"]));
    }

    [Fact]
    public async Task A_receiver_that_is_down_is_retried_up_to_max_attempts_while_publish_returns_at_once()
    {
        var downUrl = $"http://127.0.0.1:{FreePort.Next()}/down";
        using var slow = new WebhookReceiver();
        slow.Hold();
        var settings = Settings(downUrl);
        settings["DynamicDb:Alerts:Webhooks:1:Url"] = slow.Url;
        settings["DynamicDb:Alerts:Webhooks:1:Secret"] = Secret;
        settings["DynamicDb:Alerts:Webhooks:1:TimeoutSeconds"] = "1";
        settings["DynamicDb:Alerts:MaxAttempts"] = "3";
        await using var host = await AlertHost.StartAsync(settings);

        // Nothing answers: 1000 alerts are handed over without any receiver having answered one.
        for (var i = 0; i < 1000; i++)
        {
            host.Sink.Publish(Alert(AlertEvents.EngineFailover));
        }

        Assert.Equal(0, host.Count("dyndb.alerts.sent|result=delivered"));
        await Eventually.True(() => host.Count("dyndb.alerts.sent|result=failed") >= 1, "the refused webhook gives the first alert up after 3 attempts");
        Assert.True(host.Count("dyndb.alerts.retries") >= 2);
        Assert.Equal(0, host.Count("dyndb.alerts.sent|result=delivered"));
    }

    [Fact]
    public async Task A_webhook_gets_only_the_events_it_lists()
    {
        using var receiver = new WebhookReceiver();
        var settings = Settings(receiver.Url);
        settings["DynamicDb:Alerts:Webhooks:0:Events:0"] = AlertEvents.SwitchRolledBack;
        await using var host = await AlertHost.StartAsync(settings);

        host.Sink.Publish(Alert(AlertEvents.SwitchFailed));
        host.Sink.Publish(Alert(AlertEvents.SwitchRolledBack));

        await Eventually.True(() => host.Count("dyndb.alerts.sent|result=delivered") == 1, "the listed event is delivered");
        Assert.Equal([AlertEvents.SwitchRolledBack], receiver.Requests.Select(r => r.Headers["X-DynDb-Event"]));
    }

    private static AlertEvent Alert(string eventName) => AlertEvent.Critical(eventName, DateTimeOffset.UtcNow, "test alert", app: "shop", database: "orders");

    private static Dictionary<string, string?> Settings(string url) => new()
    {
        ["DynamicDb:Alerts:Webhooks:0:Url"] = url,
        ["DynamicDb:Alerts:Webhooks:0:Secret"] = Secret,
        ["DynamicDb:Alerts:InitialBackoff"] = "00:00:00.05",
        ["DynamicDb:Alerts:MaxBackoff"] = "00:00:00.2",
    };
}
