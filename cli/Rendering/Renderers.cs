using System.Text.Json;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Rendering;

/// <summary>Spectre.Console renderings of the silo's answers: rows as tables, one entry as a two-column grid.</summary>
public static class Renderers
{
    /// <summary>A query answer (<c>{columns, items}</c>) as a table; cells are escaped, NULL is dimmed.</summary>
    public static Table Rows(JsonElement answer)
    {
        var table = new Table().Border(TableBorder.Rounded);
        var columns = answer.TryGetProperty("columns", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().Select(column => column.GetString() ?? "").ToList()
            : [];
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        if (columns.Count == 0)
        {
            table.AddColumn("(no columns)");
        }

        if (answer.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                table.AddRow(columns.Select(column => Cell(item.TryGetProperty(column, out var value) ? value : default)).ToArray());
            }
        }

        return table;
    }

    /// <summary>An object's members as name/value rows, in the answer's order (nested objects in JSON form).</summary>
    public static Grid Entry(JsonElement entry)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var member in entry.EnumerateObject())
        {
            grid.AddRow(new Markup($"[bold]{Markup.Escape(member.Name)}[/]"), Cell(member.Value));
        }

        return grid;
    }

    /// <summary>A table of objects with the given members as columns (missing members show <c>-</c>).</summary>
    public static Table Objects(IEnumerable<JsonElement> entries, params (string Header, Func<JsonElement, string> Value)[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (header, _) in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        foreach (var entry in entries)
        {
            table.AddRow(columns.Select(column => (Spectre.Console.Rendering.IRenderable)new Text(column.Value(entry))).ToArray());
        }

        return table;
    }

    private static Spectre.Console.Rendering.IRenderable Cell(JsonElement value) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
            ? new Markup("[dim]NULL[/]")
            : new Text(JsonText.Of(value));
}
