using Orleans.DynamicDb.Alerts;

namespace Orleans.DynamicDb.Grains.Tests.Alerts;

/// <summary>Bad alert settings are refused at start-up with a message naming the setting and its value.</summary>
public sealed class AlertOptionsValidatorTests
{
    [Theory]
    [InlineData(null, "a-webhook-secret-of-some-length", "DynamicDb:Alerts:Webhooks:0:Url is required")]
    [InlineData("ftp://127.0.0.1/x", "a-webhook-secret-of-some-length", "DynamicDb:Alerts:Webhooks:0:Url must be an absolute http or https URL; it is 'ftp://127.0.0.1/x'")]
    [InlineData("hooks/relative", "a-webhook-secret-of-some-length", "it is 'hooks/relative'")]
    [InlineData("http://127.0.0.1:9/x", null, "DynamicDb:Alerts:Webhooks:0:Secret is required")]
    [InlineData("http://127.0.0.1:9/x", "too-short", "DynamicDb:Alerts:Webhooks:0:Secret is 9 characters long; it must have at least 16")]
    public void A_bad_webhook_is_named(string? url, string? secret, string expected)
    {
        var options = new AlertOptions { Webhooks = [new WebhookOptions { Url = url, Secret = secret }] };

        var result = new AlertOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
        if (secret is not null)
        {
            Assert.DoesNotContain(secret, result.FailureMessage);
        }
    }

    [Fact]
    public void Bad_numbers_and_an_unknown_event_are_named_with_their_values()
    {
        var options = new AlertOptions
        {
            QueueCapacity = 0,
            MaxAttempts = 0,
            InitialBackoff = TimeSpan.FromSeconds(10),
            MaxBackoff = TimeSpan.FromSeconds(1),
            Webhooks = [new WebhookOptions { Url = "https://127.0.0.1/x", Secret = new string('s', 16), TimeoutSeconds = 0, Events = ["engine.exploded"] }],
        };

        var message = new AlertOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains("DynamicDb:Alerts:QueueCapacity must be between 1 and 1000000; it is 0", message);
        Assert.Contains("DynamicDb:Alerts:MaxAttempts must be between 1 and 20; it is 0", message);
        Assert.Contains("DynamicDb:Alerts:MaxBackoff must be at least InitialBackoff (00:00:10) and at most 01:00:00; it is 00:00:01", message);
        Assert.Contains("DynamicDb:Alerts:Webhooks:0:TimeoutSeconds must be between 1 and 300; it is 0", message);
        Assert.Contains("DynamicDb:Alerts:Webhooks:0:Events:0 'engine.exploded' is no alert event", message);
    }

    [Fact]
    public void The_defaults_without_webhooks_are_valid()
    {
        Assert.True(new AlertOptionsValidator().Validate(null, new AlertOptions()).Succeeded);
    }
}
