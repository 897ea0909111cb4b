using System.Text;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Collects result rows as the suites finish and renders them as one Markdown table.</summary>
internal sealed class ResultTable
{
    private readonly List<ResultRow> _rows = [];

    public IReadOnlyList<ResultRow> Rows => _rows;

    public void Add(ResultRow row)
    {
        _rows.Add(row);
        Console.WriteLine($"  => {row.Scenario}: {row.Result} (rounds {row.Spread}) {row.Notes}");
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| # | scenario | result (median of rounds) | spread (min–max of rounds) | notes |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            text.AppendLine($"| {row.Group} | {row.Scenario} | {row.Result} | {row.Spread} | {row.Notes} |");
        }

        return text.ToString();
    }
}
