using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// Three runaway SQLite statements of one app run until their timeout: meanwhile <c>/health/ready</c> answers within a
/// second every time, another app's queries are answered, and the runaways are interrupted at the timeout.
/// </summary>
public sealed class NoisyNeighbourTests(GatewaySiloFixture fixture) : IClassFixture<GatewaySiloFixture>
{
    /// <summary>The statement timeout of this silo: long enough to probe many times while the runaways run.</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(8);

    /// <summary>A statement that never ends by itself: it counts an endless recursive sequence.</summary>
    private const string Runaway = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    [Fact]
    public async Task Health_and_another_apps_queries_are_answered_while_three_runaway_statements_run()
    {
        var silo = await fixture.GetAsync(() => ["--DynamicDb:Databases:QueryTimeout", QueryTimeout.ToString()]);
        var noisy = TestDatabases.New("noisy");
        var quiet = TestDatabases.New("quiet");
        (await silo.Alpha.ExecAsync(noisy, "CREATE TABLE t (x INTEGER)")).EnsureOk();
        (await silo.Beta.ExecAsync(quiet, "CREATE TABLE t (x INTEGER)")).EnsureOk();
        (await silo.Beta.ExecAsync(quiet, "INSERT INTO t (x) VALUES (42)")).EnsureOk();
        using var health = new HttpClient { BaseAddress = Address(silo), Timeout = TimeSpan.FromSeconds(1) };

        var runaways = Enumerable.Range(0, 3).Select(_ => silo.Alpha.QueryAsync(noisy, Runaway)).ToArray();
        var allRunaways = Task.WhenAll(runaways);
        var healthProbes = 0;
        var quietAnswers = 0;
        while (!runaways.Any(r => r.IsCompleted))
        {
            // Each answer counts only when it arrived while all three runaways were still running.
            var ready = await ProbeReadyAsync(health);
            if (!runaways.Any(r => r.IsCompleted))
            {
                Assert.Equal(HttpStatusCode.OK, ready);
                healthProbes++;
            }

            var answer = await silo.Beta.RowsAsync(quiet, "SELECT x FROM t");
            if (!runaways.Any(r => r.IsCompleted))
            {
                Assert.Equal(42, Assert.Single(answer).GetProperty("x").GetInt64());
                quietAnswers++;
            }

            await Task.WhenAny(allRunaways, Task.Delay(TimeSpan.FromMilliseconds(200)));
        }

        var ended = await Eventually.Within(allRunaways, "the runaway statements (interrupted at the statement timeout)", QueryTimeout + TimeSpan.FromSeconds(60));
        ended.Every(r => r.AssertProblem(HttpStatusCode.GatewayTimeout, "sql.timeout"));
        Assert.True(quietAnswers >= 5, $"Only {quietAnswers} queries of the other app were answered while the runaways ran: they waited for a worker?");
        Assert.True(healthProbes >= 5, $"Only {healthProbes} health probes ran while the runaways ran: they ended before the timeout?");
        Assert.Equal(HttpStatusCode.OK, await ProbeReadyAsync(health));
    }

    /// <summary>GET /health/ready with the client's one-second timeout: a slower answer fails the test, naming the wait.</summary>
    private static async Task<HttpStatusCode> ProbeReadyAsync(HttpClient health)
    {
        try
        {
            using var response = await health.GetAsync("/health/ready");
            return response.StatusCode;
        }
        catch (TaskCanceledException e)
        {
            throw new Xunit.Sdk.XunitException($"/health/ready did not answer within 1 s while runaway statements ran: {e.Message}");
        }
    }

    private static Uri Address(GatewaySilo silo) =>
        new(silo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
}
