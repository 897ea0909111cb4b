using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry;

/// <summary><c>GET /metrics</c> on a real silo: Prometheus text with the product's <c>dyndb_*</c> series, Orleans', ASP.NET Core's and the runtime's, and no tenant data in any label.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsEndpointTests(GatewaySiloFixture fixture)
{
    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() => []);

    [Fact]
    public async Task Metrics_answers_prometheus_text_with_the_databases_awake_without_credentials()
    {
        var silo = await SiloAsync();
        var database = TestDatabases.New("awake");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE t (id INTEGER PRIMARY KEY)")).EnsureOk();

        var scrape = await PrometheusText.ScrapeUntilAsync(silo, s => s.Sum("dyndb_database_active") >= 1);

        Assert.True(scrape.Sum("dyndb_database_active", "engine=\"sqlite\"") >= 1, $"No awake SQLite database in dyndb_database_active:\n{scrape.Body}");
        Assert.Contains("# TYPE dyndb_database_active gauge", scrape.Body, StringComparison.Ordinal);
        Assert.NotEmpty(scrape.Samples("dyndb_database_create_duration_milliseconds_count"));
        Assert.NotEmpty(scrape.Samples("http_server_request_duration_seconds_count"));
        Assert.Contains("dotnet_gc_collections_total", scrape.Body, StringComparison.Ordinal);
        Assert.Contains("# TYPE dyndb_databases gauge", scrape.Body, StringComparison.Ordinal);
        Assert.True(scrape.Sum("orleans_catalog_activations") >= 1, $"Orleans' meter shows no activation in orleans_catalog_activations:\n{scrape.Body}");
        Assert.True(scrape.Sum("dyndb_tier_admitted_total", "tier=\"Medium\"", "engine=\"sqlite\"") >= 1, string.Join('\n', scrape.Samples("dyndb_tier_admitted_total")));
        Assert.Contains("# TYPE dyndb_tier_in_flight gauge", scrape.Body, StringComparison.Ordinal);
        Assert.Contains("# TYPE dyndb_tier_queue_length gauge", scrape.Body, StringComparison.Ordinal);
        Assert.NotEmpty(scrape.Samples("dyndb_tier_rejected_total"));
    }

    [Fact]
    public async Task Statement_latency_and_errors_are_counted_per_engine_operation_and_code()
    {
        var silo = await SiloAsync();
        var database = TestDatabases.New("latency");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE t (id INTEGER PRIMARY KEY)")).EnsureOk();
        var before = await PrometheusText.ScrapeAsync(silo);
        var okBefore = before.Sum("dyndb_statement_duration_milliseconds_count", "engine=\"sqlite\"", "operation=\"exec\"", "outcome=\"ok\"");
        var errorsBefore = before.Sum("dyndb_statement_errors_total", "engine=\"sqlite\"", "operation=\"exec\"", "code=\"sql.error\"");

        (await silo.Alpha.ExecAsync(database, "INSERT INTO t (id) VALUES (1)")).EnsureOk();
        (await silo.Alpha.ExecAsync(database, "INSERT INTO missing_table (id) VALUES (1)")).AssertFailed();

        var scrape = await PrometheusText.ScrapeUntilAsync(silo, s => s.Sum("dyndb_statement_errors_total", "code=\"sql.error\"") > errorsBefore);
        Assert.True(scrape.Sum("dyndb_statement_duration_milliseconds_count", "engine=\"sqlite\"", "operation=\"exec\"", "outcome=\"ok\"") >= okBefore + 1, string.Join('\n', scrape.Samples("dyndb_statement_duration_milliseconds_count")));
        Assert.True(scrape.Sum("dyndb_statement_errors_total", "engine=\"sqlite\"", "operation=\"exec\"", "code=\"sql.error\"") >= errorsBefore + 1, string.Join('\n', scrape.Samples("dyndb_statement_errors_total")));
        Assert.Contains(scrape.Samples("dyndb_statement_duration_milliseconds_count"), l => l.Contains("outcome=\"sql.error\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_attach_is_counted_as_construct_attach()
    {
        var silo = await SiloAsync();
        var database = TestDatabases.New("attach");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE t (id INTEGER PRIMARY KEY)")).EnsureOk();
        var before = (await PrometheusText.ScrapeAsync(silo)).Sum("dyndb_statements_refused_total", "construct=\"attach\"");

        (await silo.Alpha.ExecAsync(database, "ATTACH DATABASE ? AS other", "other.db")).AssertRefused("ATTACH");

        var scrape = await PrometheusText.ScrapeUntilAsync(silo, s => s.Sum("dyndb_statements_refused_total", "construct=\"attach\"") > before);
        var after = scrape.Sum("dyndb_statements_refused_total", "construct=\"attach\"", "engine_kind=\"sqlite\"");
        Assert.True(after >= before + 1, $"dyndb_statements_refused_total{{construct=\"attach\"}} went from {before} to {after}:\n{string.Join('\n', scrape.Samples("dyndb_statements_refused_total"))}");
    }

    [Fact]
    public async Task No_series_label_holds_the_sql_text_arguments_database_name_or_app_key_of_statements_that_ran()
    {
        var silo = await SiloAsync();
        var marker = $"marker{Guid.NewGuid():N}";
        var database = TestDatabases.New("secret");
        var refusedBefore = (await PrometheusText.ScrapeAsync(silo)).Sum("dyndb_statements_refused_total");
        (await silo.Alpha.ExecAsync(database, $"CREATE TABLE {marker}_table (v TEXT)")).EnsureOk();
        (await silo.Alpha.ExecAsync(database, $"INSERT INTO {marker}_table (v) VALUES (?)", $"{marker}_argument")).EnsureOk();
        Assert.Single(await silo.Alpha.RowsAsync(database, $"SELECT v AS {marker}_column FROM {marker}_table WHERE v <> '{marker}_literal'"));
        (await silo.Alpha.ExecAsync(database, "ATTACH DATABASE ? AS other", $"{marker}_file.db")).AssertRefused("ATTACH");
        (await silo.Alpha.QueryAsync(database, $"SELECT * FROM {marker}_missing")).AssertFailed();

        // Whatever labels the refusal got, the scrape must include it before the labels are checked.
        var scrape = await PrometheusText.ScrapeUntilAsync(silo, s => s.Sum("dyndb_statements_refused_total") > refusedBefore);

        Assert.True(scrape.Sum("dyndb_statements_refused_total") > refusedBefore, $"The refused ATTACH never showed in dyndb_statements_refused_total (before: {refusedBefore}):\n{scrape.Body}");
        Assert.DoesNotContain(marker, scrape.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(database, scrape.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewaySilo.AlphaKey, scrape.Body, StringComparison.Ordinal);
    }
}
