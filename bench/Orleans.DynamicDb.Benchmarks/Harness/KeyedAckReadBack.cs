using System.Text.Json;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// Reads every id of <see cref="AcknowledgedWriters.KeyedTable"/> back through the gateway (per writer's id range, in
/// pages of <see cref="PageSize"/>) and compares with the acknowledgements taken before the read: lost = acknowledged
/// but absent, duplicated = an id present more than once (the key would have to be lost on the way), unacknowledged =
/// present without one of those acknowledgements (a failed answer that committed, or a write answered after the
/// acknowledgements were taken).
/// </summary>
internal static class KeyedAckReadBack
{
    private const int PageSize = 10_000;

    public static async Task<(int Lost, int Duplicated, int Unacknowledged, long Rows)> CheckAsync(HttpClient http, string database, IReadOnlyList<Acknowledgement> acks, int writers)
    {
        int lost = 0, duplicated = 0, unacknowledged = 0;
        long rows = 0;
        for (var w = 1; w <= writers; w++)
        {
            var acked = acks.Where(a => a.Writer == w).Select(a => AcknowledgedWriters.Id(w, a.N)).ToHashSet();
            var present = new HashSet<long>();
            var after = AcknowledgedWriters.Id(w, 0);
            var end = AcknowledgedWriters.Id(w + 1, 0);
            while (true)
            {
                var json = JsonSerializer.Serialize(new
                {
                    database,
                    sql = $"SELECT id, count(*) AS c FROM {AcknowledgedWriters.KeyedTable} WHERE id > ? AND id < ? GROUP BY id ORDER BY id LIMIT {PageSize}",
                    args = new object[] { after, end },
                });
                var (status, body) = await HaSiloProcess.PostAsync(http, "/v1/database/query", json);
                if (status != 200)
                {
                    throw new InvalidOperationException($"Reading the ids back answered {status}: {body}");
                }

                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("error", out var error))
                {
                    throw new InvalidOperationException($"Reading the ids back failed mid-answer: {error}");
                }

                var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();
                foreach (var item in items)
                {
                    var id = item.GetProperty("id").GetInt64();
                    var count = item.GetProperty("c").GetInt64();
                    rows += count;
                    present.Add(id);
                    duplicated += count > 1 ? 1 : 0;
                    unacknowledged += acked.Contains(id) ? 0 : 1;
                    after = id;
                }

                if (items.Count < PageSize)
                {
                    break;
                }
            }

            lost += acked.Count(id => !present.Contains(id));
        }

        return (lost, duplicated, unacknowledged, rows);
    }
}
