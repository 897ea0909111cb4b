using System.Net;
using Npgsql;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Tests.Admin;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.PgWire;
using Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Tiers;

/// <summary>
/// Admission control on a real silo with a real PostgreSQL engine and tiny limits (2 slots, 1 Medium statement may wait):
/// a full queue answers HTTP 503 with Retry-After and SQLSTATE 55P03 on the wire (the connection stays open), nothing ran
/// for the refused statement, the admin API and /metrics show it, and statements run again once the load drains. The slots are held by statements
/// waiting for an advisory lock the test owns.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdmissionSiloTests(PostgresFixture postgres, PgWireSiloFixture fixture) : IClassFixture<PgWireSiloFixture>
{
    private Task<PgWireSilo> SiloAsync() => fixture.GetAsync(() =>
    [
        .. PgWireSiloFixture.SqliteAndPostgres(postgres), .. AdminCredentials.Arguments,
        "--DynamicDb:Tiers:Admission:SlotsPerEngine", "2",
        "--DynamicDb:Tiers:Admission:ReservedHigh", "0",
        "--DynamicDb:Tiers:Admission:QueueLimit:Medium", "1",
        "--DynamicDb:Tiers:Admission:QueueTimeout", "00:01:00",
        // Pins alpha's sessions to Medium: the model could otherwise score the wire session High (whose queue has room).
        "--DynamicDb:Tiers:Rules:0:App", "alpha",
        "--DynamicDb:Tiers:Rules:0:Tier", "Medium",
    ]);

    [Fact]
    public async Task A_full_queue_answers_503_with_retry_after_over_http_and_55P03_on_the_wire_and_runs_nothing_until_the_load_drains()
    {
        var silo = await SiloAsync();
        var database = $"adm_{Guid.NewGuid():N}"[..30];
        await silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}").CreateAsync("pg");
        (await silo.Silo.Alpha.ExecAsync(database, "CREATE TABLE t (id INTEGER PRIMARY KEY)")).EnsureOk();
        await using var wire = new NpgsqlConnection(silo.ConnectionString("alpha", GatewaySilo.AlphaKey, database));
        await wire.OpenAsync();
        var admin = silo.Silo.WithApiKey(AdminCredentials.AdminKey);
        const long lockId = 913_001;

        await using (var holder = await HoldLockAsync(database, lockId))
        {
            var blockers = Enumerable.Range(0, 2).Select(_ => silo.Silo.Alpha.QueryAsync(database, $"SELECT pg_advisory_xact_lock({lockId})")).ToList();
            await Eventually.True(async () => (await PgEngineAsync(admin)).GetProperty("in_flight").GetInt32() == 2, "both slots are taken");
            var queued = silo.Silo.Alpha.QueryAsync(database, "SELECT 1 AS one");
            await Eventually.True(async () => (await PgEngineAsync(admin)).GetProperty("queued").GetInt32() == 1, "the third statement queues");

            var refused = await silo.Silo.Alpha.ExecAsync(database, "INSERT INTO t VALUES (1)");
            var wireError = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using var insert = new NpgsqlCommand("INSERT INTO t VALUES (2)", wire);
                await insert.ExecuteNonQueryAsync();
            });
            var engine = await PgEngineAsync(admin);

            var detail = refused.AssertProblem(HttpStatusCode.ServiceUnavailable, "admission.busy");
            Assert.True(refused.Json.GetProperty("transient").GetBoolean());
            Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1, refused.Headers.RetryAfter.ToString());
            Assert.Contains("tier Medium", detail, StringComparison.Ordinal);
            Assert.Contains("'pg'", detail, StringComparison.Ordinal);
            Assert.Contains("QueueLimit:Medium = 1", detail, StringComparison.Ordinal);
            Assert.Equal("55P03", wireError.SqlState);
            Assert.True(wireError.IsTransient);
            Assert.Equal(System.Data.ConnectionState.Open, wire.State);
            Assert.Contains("tier Medium", wireError.MessageText, StringComparison.Ordinal);
            Assert.False(queued.IsCompleted);
            Assert.Equal(1, engine.GetProperty("queued").GetInt32());
            var medium = engine.GetProperty("tiers")[1];
            Assert.Equal("Medium", medium.GetProperty("tier").GetString());
            Assert.Equal(2, medium.GetProperty("rejected_queue_full").GetInt64());

            await holder.DisposeAsync();
            foreach (var blocker in blockers)
            {
                (await Eventually.Within(blocker, "a blocker after the lock was released")).EnsureOk();
            }

            (await Eventually.Within(queued, "the queued statement after the load drained")).EnsureOk();
        }

        (await silo.Silo.Alpha.ExecAsync(database, "INSERT INTO t VALUES (3)")).EnsureOk();
        // The same wire connection: the busy answer failed only its statement.
        await using (var again = new NpgsqlCommand("INSERT INTO t VALUES (4)", wire))
        {
            await again.ExecuteNonQueryAsync();
        }

        var ids = (await silo.Silo.Alpha.RowsAsync(database, "SELECT id FROM t ORDER BY id")).Select(r => r.GetProperty("id").GetInt64());
        Assert.Equal([3L, 4L], ids);
        var after = await PgEngineAsync(admin);
        Assert.Equal((0, 0), (after.GetProperty("in_flight").GetInt32(), after.GetProperty("queued").GetInt32()));
        // The last minute per tier: the blockers held their slots while the test ran, and the queued statement waited
        // above the bucket of one admitted at once (0.001 ms).
        var recent = after.GetProperty("tiers")[1].GetProperty("recent");
        Assert.Equal(60, recent.GetProperty("window_seconds").GetInt32());
        Assert.True(recent.GetProperty("statements").GetInt64() >= 5, recent.ToString());
        Assert.True(recent.GetProperty("latency_p99_ms").GetDouble() >= recent.GetProperty("latency_p50_ms").GetDouble(), recent.ToString());
        Assert.True(recent.GetProperty("latency_p99_ms").GetDouble() > 1, recent.ToString());
        Assert.True(recent.GetProperty("queue_wait_p99_ms").GetDouble() > 0.001, recent.ToString());
        Assert.Equal(0, after.GetProperty("tiers")[0].GetProperty("recent").GetProperty("statements").GetInt64());
        var scrape = await PrometheusText.ScrapeUntilAsync(silo.Silo, s => s.Sum("dyndb_tier_rejected_total", "tier=\"Medium\"", "reason=\"queue_full\"") >= 2);
        Assert.True(scrape.Sum("dyndb_tier_admitted_total", "tier=\"Medium\"", "engine=\"pg\"") >= 5, string.Join('\n', scrape.Samples("dyndb_tier_admitted_total")));
        Assert.True(scrape.Sum("dyndb_tier_queued_total", "tier=\"Medium\"", "engine=\"pg\"") >= 1);
        Assert.NotEmpty(scrape.Samples("dyndb_tier_queue_wait_seconds_count"));
        Assert.True(scrape.Sum("dyndb_tier_statement_seconds_count", "tier=\"Medium\"", "engine=\"pg\"") >= 5, string.Join('\n', scrape.Samples("dyndb_tier_statement_seconds_count")));
        Assert.Contains("# TYPE dyndb_tier_queue_length gauge", scrape.Body, StringComparison.Ordinal);
        Assert.Contains("# TYPE dyndb_tier_in_flight gauge", scrape.Body, StringComparison.Ordinal);
        Assert.NotEmpty(scrape.Samples("dyndb_tier_throttled_total"));
    }

    [Fact]
    public async Task The_tiers_endpoint_lists_every_engine_and_the_open_sessions_per_tier_for_admin_keys_only()
    {
        var silo = await SiloAsync();
        var admin = silo.Silo.WithApiKey(AdminCredentials.AdminKey);
        var database = $"admr_{Guid.NewGuid():N}"[..30];
        await silo.Grains.GetGrain<IDatabaseGrain>($"alpha/{database}").CreateAsync("pg");
        (await silo.Silo.Alpha.QueryAsync(database, "SELECT 1 AS one")).EnsureOk();

        var answer = (await admin.GetAsync("/v1/admin/tiers")).EnsureOk().Json;
        var one = (await admin.GetAsync("/v1/admin/tiers?engine=pg")).EnsureOk().Json;
        var unknown = await admin.GetAsync("/v1/admin/tiers?engine=nope");
        var tenant = await silo.Silo.Alpha.GetAsync("/v1/admin/tiers");

        Assert.True(answer.GetProperty("enabled").GetBoolean());
        Assert.Equal(["pg", "sqlite"], answer.GetProperty("engines").EnumerateArray().Select(e => e.GetProperty("engine").GetString()).Order());
        Assert.Equal(["High", "Medium", "Low", "Background"], answer.GetProperty("engines")[0].GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("tier").GetString()));
        Assert.Equal(["Background", "High", "Low", "Medium"], answer.GetProperty("sessions").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("pg", Assert.Single(one.GetProperty("engines").EnumerateArray()).GetProperty("engine").GetString());
        // The statement just run is in pg's window of the last minute, under the tier it was admitted in (the classifier's), with its latency.
        var ran = Assert.Single(Assert.Single(one.GetProperty("engines").EnumerateArray()).GetProperty("tiers").EnumerateArray(), t => t.GetProperty("admitted").GetInt64() > 0);
        var recent = ran.GetProperty("recent");
        Assert.Equal(60, recent.GetProperty("window_seconds").GetInt32());
        Assert.Equal(ran.GetProperty("admitted").GetInt64(), recent.GetProperty("statements").GetInt64());
        Assert.True(recent.GetProperty("latency_p99_ms").GetDouble() >= recent.GetProperty("latency_p50_ms").GetDouble(), recent.ToString());
        Assert.True(recent.GetProperty("latency_p50_ms").GetDouble() > 0.001, recent.ToString());
        Assert.Contains("'nope'", unknown.AssertProblem(HttpStatusCode.BadRequest, "engine.unknown"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, tenant.Status);
    }

    private static async Task<System.Text.Json.JsonElement> PgEngineAsync(GatewayClient admin) =>
        Assert.Single((await admin.GetAsync("/v1/admin/tiers?engine=pg")).EnsureOk().Json.GetProperty("engines").EnumerateArray());

    /// <summary>Takes an advisory lock in the database's own PostgreSQL database (advisory locks are per database); dispose to release.</summary>
    private async Task<NpgsqlConnection> HoldLockAsync(string database, long lockId)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Database = $"alpha_{database}", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({lockId})", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }
}
