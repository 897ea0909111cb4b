using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>One kind of client of the recorded mix (ml/README.md, "The workloads"): it declares its importance and runs sessions.</summary>
public interface IWorkload
{
    /// <summary>The workload's name (bookkeeping column of the traces; never a feature).</summary>
    string Name { get; }

    /// <summary>The importance the workload declares: the start of the label rule.</summary>
    Tier Declared { get; }

    /// <summary>How often the mix picks this workload, relative to the others.</summary>
    double Weight { get; }

    /// <summary>Runs one session named <paramref name="session"/> with parameters drawn from <paramref name="random"/> until <paramref name="until"/>.</summary>
    Task RunAsync(WorkloadContext context, string session, Random random, DateTimeOffset until, CancellationToken cancellationToken);
}
