namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>Renders the key of a row for messages: <c>(id=7)</c>.</summary>
internal static class RowKeys
{
    /// <summary>The key of a row whose raw values are <paramref name="values"/> in column order.</summary>
    public static string Describe(TableMove table, IReadOnlyList<object?> values) =>
        "(" + string.Join(", ", table.KeyIndexes.Select(i => $"{table.Columns[i].Name}={Render(i < values.Count ? values[i] : null)}")) + ")";

    /// <summary>The key of a row given only its key values, in key order.</summary>
    public static string DescribeKey(TableMove table, IReadOnlyList<object?> keyValues) =>
        "(" + string.Join(", ", table.KeyColumns.Select((k, i) => $"{k}={Render(i < keyValues.Count ? keyValues[i] : null)}")) + ")";

    private static string Render(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => $"'{s}'",
        byte[] b => "x'" + Convert.ToHexString(b) + "'",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?",
    };
}
