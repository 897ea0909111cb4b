using System.Net;
using System.Text.Json;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Tests.Admin;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.PgWire;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Sessions;

/// <summary>The sessions' admin API of a test silo: find a session by its database, wait for a state.</summary>
internal sealed class SessionApi(PgWireSilo silo)
{
    /// <summary>The silo arguments of the session tests: SQLite default, admin keys, fast reports and a short tail.</summary>
    public static IEnumerable<string> Arguments { get; } =
    [
        .. AdminCredentials.Arguments,
        "--DynamicDb:Engines:0:Id", "sqlite",
        "--DynamicDb:Engines:0:Kind", "sqlite",
        "--DynamicDb:Engines:0:Default", "true",
        "--DynamicDb:Sessions:ReportInterval", "00:00:00.100",
        "--DynamicDb:Sessions:RetainClosedFor", "00:00:02",
        "--DynamicDb:Sessions:HttpIdleTimeout", "00:00:05",
    ];

    public PgWireSilo Silo { get; } = silo;

    public GatewayClient Admin => Silo.Silo.WithApiKey(AdminCredentials.AdminKey);

    /// <summary>A new SQLite database of the app (alpha by default).</summary>
    public async Task<string> NewDatabaseAsync(string app = "alpha")
    {
        var database = $"ses_{Guid.NewGuid():N}"[..24];
        await Silo.Grains.GetGrain<IDatabaseGrain>($"{app}/{database}").CreateAsync("sqlite");
        return database;
    }

    /// <summary>The sessions listed for <paramref name="query"/> (e.g. <c>database=x&amp;protocol=pgwire</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> ListAsync(string query)
    {
        var response = (await Admin.GetAsync($"/v1/admin/sessions?{query}")).EnsureOk();
        return [.. response.Json.GetProperty("sessions").EnumerateArray()];
    }

    /// <summary>Waits until the listing for <paramref name="query"/> has one session that passes <paramref name="condition"/>, and answers it.</summary>
    public async Task<JsonElement> WaitForAsync(string query, Func<JsonElement, bool> condition, string because)
    {
        JsonElement found = default;
        await Eventually.True(async () =>
        {
            var sessions = await ListAsync(query);
            var match = sessions.Where(condition).ToList();
            if (match.Count == 1)
            {
                found = match[0];
                return true;
            }

            return false;
        }, because, TimeSpan.FromSeconds(60));
        return found;
    }

    /// <summary>Waits until <c>GET /v1/admin/sessions/{id}</c> passes <paramref name="condition"/>.</summary>
    public async Task<GatewayResponse> WaitForSessionAsync(string id, Func<GatewayResponse, bool> condition, string because)
    {
        GatewayResponse last = null!;
        await Eventually.True(async () =>
        {
            last = await Admin.GetAsync($"/v1/admin/sessions/{id}");
            return condition(last);
        }, because, TimeSpan.FromSeconds(60));
        return last;
    }

    public static bool IsOpen(GatewayResponse r) => r.Status == HttpStatusCode.OK && r.Json.GetProperty("state").GetString() == "open";
}
