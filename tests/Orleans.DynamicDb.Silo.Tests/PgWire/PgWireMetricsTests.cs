using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Silo.PgWire;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>The <c>dyndb_pgwire_*</c> instruments count connections, refusals, messages and bytes of this silo.</summary>
public sealed class PgWireMetricsTests(PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    [Fact]
    public async Task Connections_refusals_messages_and_bytes_are_counted()
    {
        var silo = await fixture.GetAsync(() => []);
        var factory = silo.Silo.Services.GetRequiredService<IMeterFactory>();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PgWireMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var reason = tags.ToArray().FirstOrDefault(t => t.Key == "reason").Value;
            totals.AddOrUpdate(reason is null ? instrument.Name : $"{instrument.Name}:{reason}", value, (_, v) => v + value);
        });
        listener.Start();

        await using (var wrongVersion = await RawPgClient.ConnectAsync(silo.Port))
        {
            await wrongVersion.StartupAsync(4, 0, ("user", "alpha"));
            Assert.Equal('E', (await wrongVersion.ReadAsync()).Type);
        }

        await using (var client = await RawPgClient.LoginAsync(silo.Port, "alpha", GatewaySilo.AlphaKey, "metrics"))
        {
            await client.SendAsync('Q', RawPgClient.CString("SELECT 1"));
            await client.ReadUntilAsync('Z');
        }

        await Eventually.True(() => totals.GetValueOrDefault("dyndb_pgwire_connections_refused_total:protocol_version") == 1
            && totals.GetValueOrDefault("dyndb_pgwire_connections_total") >= 2
            && totals.GetValueOrDefault("dyndb_pgwire_messages_total") >= 1
            && totals.GetValueOrDefault("dyndb_pgwire_received_bytes_total") > 0
            && totals.GetValueOrDefault("dyndb_pgwire_sent_bytes_total") > 0,
            $"the instruments count the two connections; seen: {string.Join(", ", totals.Select(t => $"{t.Key}={t.Value}"))}");
    }
}
