using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Silo.Sessions;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.PgWire;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Sessions;

/// <summary>The <c>dyndb_sessions_*</c> instruments count open, opened and killed sessions by protocol on the silo that holds them.</summary>
public sealed class SessionMetricsTests(PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    [Fact]
    public async Task Open_opened_and_killed_sessions_are_counted_by_protocol()
    {
        var api = new SessionApi(await fixture.GetAsync(() => SessionApi.Arguments));
        var factory = api.Silo.Silo.Services.GetRequiredService<IMeterFactory>();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SessionMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = $"{instrument.Name}:{tags.ToArray().FirstOrDefault(t => t.Key == "protocol").Value}";
            if (instrument.Name == "dyndb_sessions_open")
            {
                totals[key] = value;
            }
            else
            {
                totals.AddOrUpdate(key, value, (_, v) => v + value);
            }
        });
        listener.Start();
        var database = await api.NewDatabaseAsync();

        await using var client = await RawPgClient.LoginAsync(api.Silo.Port, "alpha", GatewaySilo.AlphaKey, database);
        (await api.Silo.Silo.Alpha.QueryAsync(database, "SELECT 1")).EnsureOk();
        listener.RecordObservableInstruments();
        var openWhileConnected = totals.GetValueOrDefault("dyndb_sessions_open:pgwire");
        var session = await api.WaitForAsync($"database={database}&protocol=pgwire", s => s.GetProperty("state").GetString() == "open", "the wire session is listed");
        (await api.Admin.DeleteAsync($"/v1/admin/sessions/{session.GetProperty("id").GetString()}")).EnsureOk();

        Assert.True(openWhileConnected >= 1, $"open pgwire sessions: {openWhileConnected}");
        await Eventually.True(() =>
            {
                listener.RecordObservableInstruments();
                return totals.GetValueOrDefault("dyndb_sessions_opened_total:pgwire") >= 1
                    && totals.GetValueOrDefault("dyndb_sessions_opened_total:http") >= 1
                    && totals.GetValueOrDefault("dyndb_sessions_killed_total:pgwire") == 1
                    && totals.GetValueOrDefault("dyndb_sessions_open:pgwire") == openWhileConnected - 1;
            },
            $"the instruments count the sessions; seen: {string.Join(", ", totals.Select(t => $"{t.Key}={t.Value}"))}");
    }
}
