namespace Orleans.DynamicDb.Engines;

/// <summary>
/// The estimated size of result values, close to their JSON text: what result caps (bytes per request, bytes per batch)
/// are measured in. Cheap on purpose: no value is serialised to measure it.
/// </summary>
public static class RowSize
{
    /// <summary>The estimated size of one value.</summary>
    public static long Of(object? value) => value switch
    {
        null => 4,
        bool => 5,
        long or double or decimal => 20,
        string s => s.Length + 2L,
        byte[] bytes => ((bytes.Length + 2L) / 3 * 4) + 2,
        _ => 24,
    };

    /// <summary>The estimated size of one row: its values plus a separator each.</summary>
    public static long Of(IReadOnlyList<object?> row)
    {
        long size = 2;
        for (var i = 0; i < row.Count; i++)
        {
            size += Of(row[i]) + 1;
        }

        return size;
    }
}
