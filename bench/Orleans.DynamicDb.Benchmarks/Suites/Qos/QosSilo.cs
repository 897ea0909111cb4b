using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Benchmarks.Harness;

namespace Orleans.DynamicDb.Benchmarks.Suites.Qos;

/// <summary>
/// The silo process of the <c>qos</c> part: engine <c>pg</c> (kind <c>postgres</c>) on the bench's PostgreSQL, API keys
/// for the apps <c>oltp</c>, <c>report</c> and <c>batch</c>, tier rules oltp → High, report → Low, batch → Background,
/// and the admission settings of <see cref="QosSettings"/> (admission off for a run that asks so).
/// </summary>
internal static class QosSilo
{
    public const string Engine = "pg";

    public static readonly (string App, string Key, string Tier)[] Apps =
    [
        ("oltp", "qos-oltp-key-2026-12-05-0123456789", "High"),
        ("report", "qos-report-key-2026-12-05-0123456789", "Low"),
        ("batch", "qos-batch-key-2026-12-05-0123456789", "Background"),
    ];

    public static Task<HaSiloProcess> StartAsync(string directory, string connectionString, QosSettings settings, bool admission)
    {
        var arguments = new List<string>
        {
            "--DynamicDb:Engines:0:Id", Engine, "--DynamicDb:Engines:0:Kind", "postgres", "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:0:ConnectionString", connectionString,
            "--DynamicDb:Engines:0:MaxPoolSize", "100",
            "--DynamicDb:Tiers:Admission:Enabled", admission ? "true" : "false",
            "--DynamicDb:Tiers:Admission:SlotsPerEngine", Invariant(settings.Slots),
            "--DynamicDb:Tiers:Admission:ReservedHigh", Invariant(settings.ReservedHigh),
            "--DynamicDb:Tiers:Admission:BackgroundMaxSlots", Invariant(settings.BackgroundMaxSlots),
            "--DynamicDb:Tiers:Admission:QueueTimeout", TimeSpan.FromSeconds(settings.QueueTimeoutSeconds).ToString("c", CultureInfo.InvariantCulture),
            "--DynamicDb:Tiers:Admission:Adaptive", settings.Adaptive ? "true" : "false",
            "--DynamicDb:Tiers:Admission:AdaptiveTolerance", (settings.TolerancePercent / 100.0).ToString(CultureInfo.InvariantCulture),
            "--DynamicDb:Tiers:Admission:MinLowSlots", Invariant(settings.MinLowSlots),
            "--DynamicDb:Tiers:Admission:AdaptInterval", TimeSpan.FromMilliseconds(settings.AdaptIntervalMs).ToString("c", CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < Apps.Length; i++)
        {
            var (app, key, tier) = Apps[i];
            arguments.AddRange([$"--DynamicDb:Auth:ApiKeys:{i + 1}:App", app, $"--DynamicDb:Auth:ApiKeys:{i + 1}:Key", key]);
            arguments.AddRange([$"--DynamicDb:Tiers:Rules:{i}:App", app, $"--DynamicDb:Tiers:Rules:{i}:Tier", tier]);
        }

        return HaSiloProcess.StartWithEnginesAsync(directory, arguments, Path.Combine(directory, "none"));
    }

    /// <summary>Creates <paramref name="database"/> of the app with <paramref name="key"/> on <see cref="Engine"/> and runs <paramref name="statements"/> in it.</summary>
    public static async Task PrepareAsync(Uri address, string key, string database, params string[] statements)
    {
        using var client = new QosClient(address, key, database, "qos-setup");
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Add("X-API-Key", key);
        var (status, body) = await HaSiloProcess.PostAsync(http, "/v1/database/create",
            JsonSerializer.Serialize(new { database, engine = Engine, hibernation_timeout_seconds = 0 }));
        if (status is not (200 or 201))
        {
            throw new InvalidOperationException($"Creating {database} answered {status}: {body}");
        }

        foreach (var sql in statements)
        {
            var (outcome, _) = await client.RunAsync("/v1/database/exec", sql);
            if (outcome != QosOutcome.Ok)
            {
                throw new InvalidOperationException($"Preparing {database}: '{sql}' ended {outcome}.");
            }
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
