namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Row <c>(Writer, N)</c> acknowledged at <c>Acked</c>, its request sent at <c>Sent</c> (Stopwatch timestamps).</summary>
internal sealed record Acknowledgement(int Writer, int N, long Sent, long Acked);
