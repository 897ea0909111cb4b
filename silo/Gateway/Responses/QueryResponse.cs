using System.Globalization;
using System.Text.Json.Serialization;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>
/// The answer of <c>/v1/database/query</c>: <c>{"items": [{"id": 1, "name": "Alice"}], "count": 1, "columns": ["id", "name"]}</c>.
/// A column name that repeats in a result gets a suffix in the items (<c>id</c>, <c>id_2</c>), so no value is lost.
/// </summary>
internal sealed record QueryResponse(
    [property: JsonPropertyName("items")] IReadOnlyList<Dictionary<string, object?>> Items,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns)
{
    public static QueryResponse From(QueryResult result)
    {
        var keys = UniqueKeys(result.Columns);
        var items = new List<Dictionary<string, object?>>(result.Rows.Count);
        foreach (var row in result.Rows)
        {
            var item = new Dictionary<string, object?>(keys.Length, StringComparer.Ordinal);
            for (var i = 0; i < keys.Length && i < row.Count; i++)
            {
                item[keys[i]] = row[i];
            }

            items.Add(item);
        }

        return new QueryResponse(items, items.Count, result.Columns);
    }

    /// <summary>The item keys for <paramref name="columns"/>: a repeated name gets a suffix (<c>id</c>, <c>id_2</c>).</summary>
    public static string[] UniqueKeys(IReadOnlyList<string> columns)
    {
        var used = new HashSet<string>(columns, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new string[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var key = columns[i];
            if (!seen.Add(key))
            {
                var n = 2;
                while (used.Contains(key = string.Create(CultureInfo.InvariantCulture, $"{columns[i]}_{n}")))
                {
                    n++;
                }

                used.Add(key);
                seen.Add(key);
            }

            keys[i] = key;
        }

        return keys;
    }
}
