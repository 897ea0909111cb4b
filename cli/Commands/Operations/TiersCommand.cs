using System.CommandLine;
using System.Text.Json;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Rendering;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// <c>dyndb tiers [--engine ID]</c>: the silo's admission control per engine and tier and the open sessions per tier
/// (<c>GET /v1/admin/tiers</c>, docs/tiers.md); <c>--json</c> prints the answer as is.
/// </summary>
public static class TiersCommand
{
    /// <summary>The <c>tiers</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var engine = new Option<string>("--engine") { Description = "Only this engine (a configured engine id)" };
        var command = new Command("tiers", "Admission control by tier on the silo: slots, in flight, queued, admitted, throttled and rejected per engine and tier, the last minute's latency and queue wait p50/p99; open sessions per tier") { engine };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var only = parseResult.GetValue(engine);
            var path = only is null ? "v1/admin/tiers" : $"v1/admin/tiers?engine={Uri.EscapeDataString(only)}";
            var answer = await context.Api.GetAsync(path, ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console =>
            {
                // One row per engine and tier: the engine's slots beside each of its tiers.
                var rows = answer.GetProperty("engines").EnumerateArray()
                    .SelectMany(e => e.GetProperty("tiers").EnumerateArray().Select(t => JsonSerializer.SerializeToElement(new Dictionary<string, string>
                    {
                        ["engine"] = $"{JsonText.Member(e, "engine")} ({JsonText.Member(e, "in_flight")}/{JsonText.Member(e, "slots")}, {JsonText.Member(e, "reserved_high")} High)",
                        ["tier"] = JsonText.Member(t, "tier"),
                        ["weight"] = JsonText.Member(t, "weight"),
                        ["in flight"] = JsonText.Member(t, "in_flight"),
                        ["queued"] = $"{JsonText.Member(t, "queued")}/{JsonText.Member(t, "queue_limit")}",
                        ["admitted"] = JsonText.Member(t, "admitted"),
                        ["waited"] = JsonText.Member(t, "queued_total"),
                        ["throttled"] = JsonText.Member(t, "throttled"),
                        ["rejected full"] = JsonText.Member(t, "rejected_queue_full"),
                        ["rejected timeout"] = JsonText.Member(t, "rejected_timeout"),
                        ["p50/p99 ms"] = Recent(t, "latency"),
                        ["wait p50/p99 ms"] = Recent(t, "queue_wait"),
                        ["limit"] = Limit(e, t),
                    })))
                    .ToList();
                string[] columns = ["engine", "tier", "weight", "in flight", "queued", "admitted", "waited", "throttled", "rejected full", "rejected timeout", "p50/p99 ms", "wait p50/p99 ms", "limit"];
                console.Write(Renderers.Objects(rows, [.. columns.Select(c => (c, (Func<JsonElement, string>)(r => r.GetProperty(c).GetString() ?? "")))]));
                var sessions = answer.GetProperty("sessions");
                console.WriteLine(
                    $"Admission {(answer.GetProperty("enabled").GetBoolean() ? "on" : "off")} on silo {JsonText.Member(answer, "silo")}; open sessions: " +
                    string.Join(", ", sessions.EnumerateObject().Select(p => $"{p.Name} {p.Value.GetRawText()}")));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The slots the tier may hold now: with the adaptive limit on, Low's and Background's follow High's latency
    /// (docs/tiers.md, "Adaptive limit"); the engine's High baseline and recent mean follow the first row's limit.
    /// </summary>
    private static string Limit(JsonElement engine, JsonElement tier)
    {
        var limit = JsonText.Member(tier, "limit");
        return engine.TryGetProperty("adaptive", out var adaptive) && adaptive.GetBoolean() && JsonText.Member(tier, "tier") == "Low"
            ? $"{limit} (High {engine.GetProperty("high_recent_ms").GetDouble():0.##} ms, baseline {engine.GetProperty("high_baseline_ms").GetDouble():0.##})"
            : limit;
    }

    /// <summary>"p50/p99" of the tier's last minute ("-" when nothing ran in it).</summary>
    private static string Recent(JsonElement tier, string kind)
    {
        if (!tier.TryGetProperty("recent", out var recent) || recent.GetProperty("statements").GetInt64() == 0)
        {
            return "-";
        }

        return $"{recent.GetProperty($"{kind}_p50_ms").GetDouble():0.###}/{recent.GetProperty($"{kind}_p99_ms").GetDouble():0.###}";
    }
}
