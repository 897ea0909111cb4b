using System.Text.Json;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// Reads every row of <see cref="AcknowledgedWriters.Table"/> back through the gateway (per writer, in pages of
/// <see cref="PageSize"/>) and compares with the acknowledgements: lost = acknowledged but absent, duplicated = a
/// <c>(w, n)</c> present more than once, unacknowledged = present although its write was answered with a failure (it
/// committed, but its answer was lost or came too late — allowed, never counted as acknowledged).
/// </summary>
internal static class AckReadBack
{
    private const int PageSize = 10_000;

    public static async Task<(int Lost, int Duplicated, int Unacknowledged, long Rows)> CheckAsync(HttpClient http, string database, IReadOnlyList<Acknowledgement> acks, int writers)
    {
        int lost = 0, duplicated = 0, unacknowledged = 0;
        long rows = 0;
        for (var w = 1; w <= writers; w++)
        {
            var acked = acks.Where(a => a.Writer == w).Select(a => a.N).ToHashSet();
            var present = new HashSet<int>();
            var after = 0;
            while (true)
            {
                var json = JsonSerializer.Serialize(new
                {
                    database,
                    sql = $"SELECT n, count(*) AS c FROM {AcknowledgedWriters.Table} WHERE w = ? AND n > ? GROUP BY n ORDER BY n LIMIT {PageSize}",
                    args = new object[] { w, after },
                });
                var (status, body) = await HaSiloProcess.PostAsync(http, "/v1/database/query", json);
                if (status != 200)
                {
                    throw new InvalidOperationException($"Reading the rows back answered {status}: {body}");
                }

                using var document = JsonDocument.Parse(body);
                var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();
                foreach (var item in items)
                {
                    var n = item.GetProperty("n").GetInt32();
                    var count = item.GetProperty("c").GetInt64();
                    rows += count;
                    present.Add(n);
                    duplicated += count > 1 ? 1 : 0;
                    unacknowledged += acked.Contains(n) ? 0 : 1;
                    after = n;
                }

                if (items.Count < PageSize)
                {
                    break;
                }
            }

            lost += acked.Count(n => !present.Contains(n));
        }

        return (lost, duplicated, unacknowledged, rows);
    }
}
