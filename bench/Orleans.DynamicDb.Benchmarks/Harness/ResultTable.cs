using System.Text;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Collects result rows as the suites finish and renders them as one Markdown table.</summary>
internal sealed class ResultTable
{
    private readonly List<ResultRow> _rows = [];
    private readonly List<string> _sections = [];

    public IReadOnlyList<ResultRow> Rows => _rows;

    public void Add(ResultRow row)
    {
        _rows.Add(row);
        Console.WriteLine($"  => {row.Scenario}: {row.Result} (rounds {row.Spread}) {row.Notes}");
    }

    /// <summary>A block of Markdown (a suite's own detailed table) printed after the rows.</summary>
    public void AddSection(string markdown)
    {
        _sections.Add(markdown);
        Console.WriteLine(markdown);
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

        foreach (var section in _sections)
        {
            text.AppendLine().AppendLine(section);
        }

        return text.ToString();
    }
}
