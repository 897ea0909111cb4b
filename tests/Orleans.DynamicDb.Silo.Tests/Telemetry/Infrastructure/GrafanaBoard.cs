using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry.Infrastructure;

/// <summary>
/// A Grafana dashboard's JSON (deploy/grafana/dyndb.json): its panels, their PromQL expressions, and the metric names
/// those expressions (and the templating's <c>label_values</c> queries and the annotations) read.
/// </summary>
internal sealed partial class GrafanaBoard(JsonElement root)
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless", "inf", "nan",
    };

    /// <summary>The board in the repository.</summary>
    public static GrafanaBoard Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new GrafanaBoard(document.RootElement.Clone());
    }

    /// <summary>Every panel that is not a row (panels nested in collapsed rows included), with its title.</summary>
    public IReadOnlyList<JsonElement> Panels => [.. AllPanels(root.GetProperty("panels")).Where(p => p.GetProperty("type").GetString() != "row")];

    /// <summary>Every PromQL expression of the panels' targets and of the annotations, with where it is.</summary>
    public IReadOnlyList<(string Where, string Expr)> Expressions
    {
        get
        {
            var expressions = new List<(string, string)>();
            foreach (var panel in Panels)
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    expressions.Add(($"panel '{panel.GetProperty("title").GetString()}' target {target.GetProperty("refId").GetString()}", target.GetProperty("expr").GetString()!));
                }
            }

            if (root.TryGetProperty("annotations", out var annotations))
            {
                foreach (var annotation in annotations.GetProperty("list").EnumerateArray().Where(a => a.TryGetProperty("expr", out _)))
                {
                    expressions.Add(($"annotation '{annotation.GetProperty("name").GetString()}'", annotation.GetProperty("expr").GetString()!));
                }
            }

            return expressions;
        }
    }

    /// <summary>The metrics the templating variables list label values of (<c>label_values(metric, label)</c>).</summary>
    public IReadOnlyList<string> VariableMetrics =>
    [
        .. root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query")
            .Select(v => v.GetProperty("query") is { ValueKind: JsonValueKind.Object } q ? q.GetProperty("query").GetString()! : v.GetProperty("query").GetString()!)
            .Select(q => LabelValues().Match(q))
            .Where(m => m.Success)
            .Select(m => m.Groups["metric"].Value),
    ];

    /// <summary>Every metric name the board reads, each with the first place that reads it.</summary>
    public IReadOnlyDictionary<string, string> MetricNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (where, expr) in Expressions)
        {
            foreach (var name in MetricNamesOf(expr))
            {
                names.TryAdd(name, where);
            }
        }

        foreach (var name in VariableMetrics)
        {
            names.TryAdd(name, "templating");
        }

        return names;
    }

    /// <summary>
    /// The metric names in one PromQL expression: identifiers that are not functions (followed by '('), aggregation
    /// keywords, label names of grouping clauses, label matchers, range durations or string literals.
    /// </summary>
    public static IReadOnlyList<string> MetricNamesOf(string expr)
    {
        var text = StringLiteral().Replace(expr, " ");
        text = Matchers().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        return
        [
            .. Identifier().Matches(text)
                .Where(m => !Keywords.Contains(m.Value) && !FollowedByParenthesis(text, m.Index + m.Length))
                .Select(m => m.Value)
                .Distinct(StringComparer.Ordinal),
        ];
    }

    private static bool FollowedByParenthesis(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index < text.Length && text[index] == '(';
    }

    private static IEnumerable<JsonElement> AllPanels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in AllPanels(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w$.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"label_values\(\s*(?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)\s*,")]
    private static partial Regex LabelValues();
}
