namespace Orleans.DynamicDb.Benchmarks.Suites.Qos;

/// <summary>What one tier's clients did in one run of the <c>qos</c> part: latencies of answered statements and counts.</summary>
internal sealed class QosTally
{
    private readonly Lock _lock = new();

    public List<long> Ticks { get; } = [];

    public int Ok { get; private set; }

    public int Rejected { get; private set; }

    public int Failed { get; private set; }

    public void Add(QosOutcome outcome, long ticks)
    {
        lock (_lock)
        {
            switch (outcome)
            {
                case QosOutcome.Ok:
                    Ok++;
                    Ticks.Add(ticks);
                    break;
                case QosOutcome.Rejected:
                    Rejected++;
                    break;
                default:
                    Failed++;
                    break;
            }
        }
    }
}
