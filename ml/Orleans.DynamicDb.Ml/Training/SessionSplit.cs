namespace Orleans.DynamicDb.Ml.Training;

/// <summary>
/// Splits traces into training and held-out rows by session: every row of a session is on one side. Per workload, the
/// sessions are ordered by id, shuffled with a fixed seed, and the first <c>testFraction</c> of them are held out.
/// </summary>
public static class SessionSplit
{
    public static (IReadOnlyList<TraceRow> Train, IReadOnlyList<TraceRow> Test) Split(IReadOnlyList<TraceRow> rows, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var random = new Random(seed);
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workload in rows.GroupBy(r => r.Workload).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var sessions = workload.Select(r => r.SessionId).Distinct().Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(sessions);
            held.UnionWith(sessions.Take((int)Math.Round(sessions.Length * testFraction)));
        }

        return (rows.Where(r => !held.Contains(r.SessionId)).ToList(), rows.Where(r => held.Contains(r.SessionId)).ToList());
    }
}
