using System.Text.Json;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// The database the <c>engine-switch</c> part moves: created on a chosen engine (never hibernating), filled through the
/// gateway by SQL that generates the rows in the database itself (SQLite's recursive CTE and <c>randomblob</c>: no
/// megabytes of JSON through HTTP, and still the engine's own write path). <c>items</c> holds
/// <see cref="RowsPerMegabyte"/> rows per MB, each an integer key, an integer and 1000 characters of random hex;
/// <c>notes</c> (a quarter as many rows: key, reference, ~40 characters, a real) is the second, smaller table.
/// </summary>
internal static class SwitchData
{
    public const int RowsPerMegabyte = 1000;
    public const int PayloadCharacters = 1000;
    private const int RowsPerStatement = 2000;

    /// <summary>Creates <paramref name="database"/> on <paramref name="engine"/>; fails naming the answer unless 200/201.</summary>
    public static async Task CreateAsync(HttpClient http, string database, string engine)
    {
        var (status, body) = await HaSiloProcess.PostAsync(http, "/v1/database/create",
            JsonSerializer.Serialize(new { database, engine, hibernation_timeout_seconds = 0 }));
        if (status is not (200 or 201))
        {
            throw new InvalidOperationException($"Creating {database} on {engine} answered {status}: {body}");
        }
    }

    /// <summary>Creates and fills <c>items</c> and <c>notes</c> for <paramref name="megabytes"/> MB; answers the rows of <c>items</c>.</summary>
    public static async Task<long> FillAsync(HttpClient http, string database, int megabytes)
    {
        await ExecAsync(http, database, "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, payload TEXT NOT NULL)");
        await ExecAsync(http, database, "CREATE TABLE notes (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, label TEXT NOT NULL, score REAL NOT NULL)");
        var items = (long)megabytes * RowsPerMegabyte;
        for (var first = 1L; first <= items; first += RowsPerStatement)
        {
            var last = Math.Min(items, first + RowsPerStatement - 1);
            await ExecAsync(http, database,
                $"INSERT INTO items (id, qty, payload) WITH RECURSIVE c(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM c WHERE i < ?) SELECT i, i % 997, hex(randomblob({PayloadCharacters / 2})) FROM c",
                first, last);
        }

        var notes = items / 4;
        for (var first = 1L; first <= notes; first += RowsPerStatement * 4)
        {
            var last = Math.Min(notes, first + (RowsPerStatement * 4) - 1);
            await ExecAsync(http, database,
                "INSERT INTO notes (id, item_id, label, score) WITH RECURSIVE c(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM c WHERE i < ?) SELECT i, i * 4, 'note ' || hex(randomblob(17)), i / 7.0 FROM c",
                first, last);
        }

        return items;
    }

    /// <summary>The engine the catalog says <paramref name="database"/> is on (<c>GET /v1/database/status</c>).</summary>
    public static async Task<string> EngineOfAsync(HttpClient http, string database)
    {
        using var document = JsonDocument.Parse(await HaSiloProcess.GetOkAsync(http, $"/v1/database/status?database={Uri.EscapeDataString(database)}"));
        return document.RootElement.GetProperty("engine").GetString() ?? "?";
    }

    private static async Task ExecAsync(HttpClient http, string database, string sql, params object[] args)
    {
        var (status, body) = await HaSiloProcess.PostAsync(http, "/v1/database/exec", JsonSerializer.Serialize(new { database, sql, args }));
        if (status is < 200 or >= 300)
        {
            throw new InvalidOperationException($"{sql[..Math.Min(60, sql.Length)]}… on {database} answered {status}: {body}");
        }
    }
}
