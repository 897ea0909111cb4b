using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.DynamicDb.Alerts;

namespace Orleans.DynamicDb.Grains.Tests.Alerts;

/// <summary>A started host with only the alert services, configured from settings, and the counts of its alert instruments.</summary>
public sealed class AlertHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    private AlertHost(IHost host)
    {
        _host = host;
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name.StartsWith("dyndb.alerts.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                key += $"|{tag.Key}={tag.Value}";
            }

            lock (_counts)
            {
                _counts[key] = _counts.GetValueOrDefault(key) + value;
            }
        });
        _listener.Start();
    }

    public IAlertSink Sink => _host.Services.GetRequiredService<IAlertSink>();

    public static async Task<AlertHost> StartAsync(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddDynamicDbAlerts(builder.Configuration);
        var host = builder.Build();
        var alerts = new AlertHost(host);
        await host.StartAsync();
        return alerts;
    }

    /// <summary>The sum of an instrument's measurements, e.g. <c>dyndb.alerts.sent|result=delivered</c>.</summary>
    public long Count(string key)
    {
        lock (_counts)
        {
            return _counts.GetValueOrDefault(key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
