using System.Diagnostics;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;
using Orleans.DynamicDb.Telemetry;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry;

/// <summary>One HTTP query on a real silo is one trace: the ASP.NET Core request, Orleans' grain call and the grain's work under it, the engine executions under that.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracingTests(GatewaySiloFixture fixture)
{
    private const string HttpActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private Task<GatewaySilo> SiloAsync() => fixture.GetAsync(() => []);

    [Fact]
    public async Task A_query_is_one_trace_from_the_http_request_through_the_grain_to_the_engine()
    {
        var silo = await SiloAsync();
        var database = TestDatabases.New("traced");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE t (v TEXT)")).EnsureOk();
        (await silo.Alpha.ExecAsync(database, "INSERT INTO t (v) VALUES ('row-value')")).EnsureOk();
        using var recorder = new TraceRecorder();
        var client = silo.WithHeaders(("X-API-Key", GatewaySilo.AlphaKey), ("traceparent", recorder.TraceParent));

        (await client.QueryAsync(database, "SELECT v FROM t WHERE v <> ?", "argument-value")).EnsureOk();
        var activities = await recorder.WaitForAsync(HttpActivity);

        var http = Assert.Single(activities, a => a.OperationName == HttpActivity);
        var grain = Assert.Single(activities, a => a.OperationName == "dyndb.grain.query_page");
        Assert.True(TraceRecorder.Descends(grain, http, activities), "the grain's activity descends from the HTTP request's (through Orleans' call activities)");
        var engine = activities.Where(a => a.OperationName.StartsWith("dyndb.engine.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["dyndb.engine.open_cursor", "dyndb.engine.read_page"], engine.Select(a => a.OperationName).Order());
        Assert.All(engine, a => Assert.Equal(grain.SpanId, a.ParentSpanId));
        Assert.All(engine.Append(grain), a =>
        {
            Assert.Equal("alpha", a.GetTagItem(DynamicDbActivities.AppTag));
            Assert.Equal(database, a.GetTagItem(DynamicDbActivities.DatabaseTag));
            Assert.Equal("sqlite", a.GetTagItem(DynamicDbActivities.EngineTag));
            Assert.Equal("ok", a.GetTagItem(DynamicDbActivities.OutcomeTag));
        });
        var tagValues = activities.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? "").ToList();
        Assert.DoesNotContain(tagValues, v => v.Contains("SELECT", StringComparison.OrdinalIgnoreCase) || v.Contains("argument-value", StringComparison.Ordinal) || v.Contains("row-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_exec_is_a_grain_activity_with_its_engine_execution_under_it_both_ok_and_tagged_with_the_engine()
    {
        var silo = await SiloAsync();
        var database = TestDatabases.New("tracedexec");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE t (v TEXT)")).EnsureOk();
        using var recorder = new TraceRecorder();
        var client = silo.WithHeaders(("X-API-Key", GatewaySilo.AlphaKey), ("traceparent", recorder.TraceParent));

        (await client.ExecAsync(database, "INSERT INTO t (v) VALUES (?)", "x")).EnsureOk();
        var activities = await recorder.WaitForAsync(HttpActivity);

        var grain = Assert.Single(activities, a => a.OperationName == "dyndb.grain.exec");
        var engine = Assert.Single(activities, a => a.OperationName == "dyndb.engine.exec");
        Assert.Equal(grain.SpanId, engine.ParentSpanId);
        Assert.Equal(ActivityKind.Client, engine.Kind);
        Assert.All(new[] { grain, engine }, a =>
        {
            Assert.Equal(database, a.GetTagItem(DynamicDbActivities.DatabaseTag));
            Assert.Equal("sqlite", a.GetTagItem(DynamicDbActivities.EngineTag));
            Assert.Equal("ok", a.GetTagItem(DynamicDbActivities.OutcomeTag));
        });
    }

    [Fact]
    public async Task A_refused_statement_ends_its_grain_and_engine_activities_with_the_error_code()
    {
        var silo = await SiloAsync();
        var database = TestDatabases.New("refused");
        (await silo.Alpha.ExecAsync(database, "CREATE TABLE t (v TEXT)")).EnsureOk();
        using var recorder = new TraceRecorder();
        var client = silo.WithHeaders(("X-API-Key", GatewaySilo.AlphaKey), ("traceparent", recorder.TraceParent));

        var refused = await client.ExecAsync(database, "ATTACH DATABASE ? AS other", "other.db");
        var activities = await recorder.WaitForAsync(HttpActivity);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.Status);
        var grain = Assert.Single(activities, a => a.OperationName == "dyndb.grain.exec");
        var engine = Assert.Single(activities, a => a.OperationName == "dyndb.engine.exec");
        Assert.All(new[] { grain, engine }, a =>
        {
            Assert.Equal("sql.not_allowed", a.GetTagItem(DynamicDbActivities.OutcomeTag));
            Assert.Equal(ActivityStatusCode.Error, a.Status);
        });
    }
}
