using System.Globalization;
using System.Text.Json;
using Npgsql;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>
/// Looks at a <c>postgres-ha</c> group spread over the silos of a <see cref="SiloCluster"/>: its members as
/// <c>GET /v1/engines</c> of a silo shows them, the primary's <c>pg_stat_replication</c> (logging in with the password the
/// silos keep in their member folders) and the processes running in the silos' folders.
/// </summary>
internal sealed class HaClusterView(SiloCluster cluster, string engine) : IDisposable
{
    public const string AdminKey = "cluster-admin-key-0123456789abcdef";

    private readonly HttpClient _http = CreateAdminClient();

    /// <summary>One member as the admin API shows it.</summary>
    public sealed record Member(string Name, string Role, string State, int? Pid, int? Port, string? Silo, int? SiloIndex);

    /// <summary>The members of the group as silo <paramref name="through"/> shows them.</summary>
    public async Task<IReadOnlyList<Member>> MembersAsync(int through)
    {
        using var response = await _http.GetAsync(new Uri(cluster.Address(through), "/v1/engines"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET /v1/engines through silo {through} answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("engines").EnumerateArray()
            .Where(e => e.GetProperty("id").GetString()!.StartsWith(engine + ".", StringComparison.Ordinal))
            .Select(e =>
            {
                var silo = e.TryGetProperty("silo", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                return new Member(
                    e.GetProperty("id").GetString()![(engine.Length + 1)..],
                    e.GetProperty("role").GetString()!,
                    e.GetProperty("state").GetString()!,
                    e.GetProperty("pid").ValueKind == JsonValueKind.Number ? e.GetProperty("pid").GetInt32() : null,
                    e.GetProperty("port").ValueKind == JsonValueKind.Number ? e.GetProperty("port").GetInt32() : null,
                    silo,
                    silo is null ? null : cluster.IndexOfSilo(silo));
            })];
    }

    /// <summary>
    /// Waits (with a deadline) until silo <paramref name="through"/> shows <paramref name="count"/> members, one primary and
    /// the rest healthy streaming standbys, each running on a different running silo; returns them.
    /// </summary>
    public async Task<IReadOnlyList<Member>> WaitUntilWholeAsync(int through, int count, string because)
    {
        IReadOnlyList<Member> seen = [];
        try
        {
            await WaitAsync();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} (last seen: {Describe(seen)})", e);
        }

        return seen;

        Task WaitAsync() => Eventually.True(
            async () =>
            {
                try
                {
                    seen = await MembersAsync(through);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }

                return seen.Count == count
                    && seen.Count(m => m.Role == "primary") == 1
                    && seen.All(m => m.Role is "primary" or "standby" && m.State == "Healthy" && m.Pid is not null && m.Port is not null)
                    && seen.All(m => m.SiloIndex is { } index && cluster.IsRunning(index))
                    && seen.Select(m => m.SiloIndex).Distinct().Count() == count;
            },
            $"the group {because} is whole: {count} members on {count} different running silos, as silo {through} shows",
            TimeSpan.FromMinutes(4));
    }

    /// <summary>The primary's <c>pg_stat_replication</c>: application name → sync state.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReplicationAsync(Member primary)
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString(primary));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT application_name, sync_state FROM pg_stat_replication WHERE state = 'streaming'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetString(1);
        }

        return rows;
    }

    /// <summary>
    /// SIGKILLs every process running in the folder of <paramref name="member"/> on its silo (the postmaster and its
    /// backends: what a machine's loss takes with the silo) and waits until none is left.
    /// </summary>
    public async Task KillMemberProcessesAsync(Member member)
    {
        var directory = Path.Combine(EngineDirectory(member.SiloIndex!.Value), member.Name);
        await KillProcessesUnderAsync(directory);
    }

    /// <summary>SIGKILLs every process whose working directory is under <paramref name="root"/>, waiting (bounded) until none is left.</summary>
    public static async Task KillProcessesUnderAsync(string root)
    {
        // A process being torn down loses its working directory before it is a zombie: wait for every pid killed to end.
        var killed = new HashSet<int>();
        await Eventually.True(
            () =>
            {
                var pids = HaProcesses.Under(root);
                killed.UnionWith(pids);
                foreach (var pid in pids)
                {
                    try
                    {
                        using var process = System.Diagnostics.Process.GetProcessById(pid);
                        process.Kill();
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                        // already gone
                    }
                }

                return pids.Count == 0 && !killed.Any(HaProcesses.IsAlive);
            },
            $"no process runs under {root}",
            TimeSpan.FromSeconds(30));
    }

    public void Dispose() => _http.Dispose();

    public string EngineDirectory(int silo) => Path.Combine(cluster.DataDirectory(silo), engine);

    public static string Describe(IEnumerable<Member> members) =>
        string.Join("; ", members.Select(m => $"{m.Name} {m.Role}/{m.State} pid {m.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"} port {m.Port?.ToString(CultureInfo.InvariantCulture) ?? "-"} silo {m.SiloIndex?.ToString(CultureInfo.InvariantCulture) ?? m.Silo ?? "-"}"));

    private string SuperuserConnectionString(Member member)
    {
        // The member's postmaster has the group's password in its environment (PGPASSWORD, readable by its owner and root; we run as root).
        var line = File.ReadAllText($"/proc/{member.Pid!.Value}/environ").Split('\0').First(v => v.StartsWith("PGPASSWORD=", StringComparison.Ordinal));
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = member.Port!.Value,
            Username = "postgres",
            Password = line["PGPASSWORD=".Length..],
            Database = "postgres",
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;
    }

    private static HttpClient CreateAdminClient()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-API-Key", AdminKey);
        return http;
    }
}
