using Orleans.DynamicDb.Ml.Recording;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Training;

/// <summary>One row of the traces: the model's input (features and label) and the bookkeeping the split needs.</summary>
public sealed record TraceRow(TierFeatures Features, string SessionId, string Workload, string Declared = "")
{
    /// <summary>Reads a trace CSV written by <c>record</c>; fails naming the file, line and column of a bad value.</summary>
    public static IReadOnlyList<TraceRow> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != TraceCsv.Header)
        {
            throw new FormatException($"{path}: the first line must be the header '{TraceCsv.Header}'.");
        }

        var rows = new List<TraceRow>(lines.Length - 1);
        var width = TraceCsv.FeatureColumns.Length;
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != width + 5)
            {
                throw new FormatException($"{path} line {i + 1}: expected {width + 5} columns, found {cells.Length}.");
            }

            var values = new float[width];
            for (var c = 0; c < width; c++)
            {
                values[c] = TraceCsv.Parse(cells[c], $"{TraceCsv.FeatureColumns[c]} (line {i + 1})");
            }

            if (!Enum.TryParse<Tier>(cells[width], out _))
            {
                throw new FormatException($"{path} line {i + 1}: Label must be High, Medium, Low or Background; it is '{cells[width]}'.");
            }

            rows.Add(new TraceRow(TraceCsv.FromValues(values, cells[width]), cells[width + 1], cells[width + 2], cells[width + 3]));
        }

        return rows;
    }
}
