using Orleans.DynamicDb.Ml.Workloads;

namespace Orleans.DynamicDb.Ml.Recording;

/// <summary>
/// The <c>record</c> command: prepares the datasets, runs <see cref="RecordOptions.Concurrency"/> session slots, each
/// running one session after another of a workload drawn from the mix with its own random parameters, plus an admin
/// housekeeping loop, while <see cref="SessionSampler"/> writes the traces.
/// </summary>
public sealed class Recorder(RecordOptions options, TextWriter log)
{
    /// <summary>The mix (ml/README.md, "The workloads").</summary>
    public static IReadOnlyList<IWorkload> Workloads { get; } =
    [
        new OltpWorkload(), new InteractiveAppWorkload(), new BrowseWorkload(), new ReportingWorkload(),
        new BulkLoadWorkload(), new BatchJobWorkload(), new MaintenanceWorkload(),
    ];

    private readonly ActiveSessions _active = new();
    private int _sessionCounter;
    private int _failedSessions;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromMinutes(3) };
        var context = new WorkloadContext(options, new GatewayClient(http));
        log.WriteLine($"record: preparing datasets on {options.Url} and {options.PgWireHost}:{options.PgWirePort}");
        await Datasets.PrepareAsync(context, cancellationToken).ConfigureAwait(false);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
        await using var output = new StreamWriter(options.Out, append: false);
        await output.WriteLineAsync(TraceCsv.Header.AsMemory(), cancellationToken).ConfigureAwait(false);
        var sampler = new SessionSampler(http, options.AdminKey, _active, output);

        var until = DateTimeOffset.UtcNow + options.Duration;
        log.WriteLine($"record: {options.Concurrency} concurrent sessions for {options.Duration.TotalMinutes:0.#} min, seed {options.Seed}");
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampling = sampler.RunAsync(TimeSpan.FromSeconds(1), stopSampling.Token);
        var housekeeping = HousekeepingAsync(context, until, cancellationToken);
        var slots = Enumerable.Range(0, options.Concurrency).Select(slot => SlotAsync(context, new Random(options.Seed * 1000 + slot), until, cancellationToken)).ToList();
        var progress = ProgressAsync(sampler, until, cancellationToken);
        await Task.WhenAll(slots).ConfigureAwait(false);
        await stopSampling.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(sampling, housekeeping, progress).ConfigureAwait(false);
        log.WriteLine($"record: wrote {sampler.Rows} rows of {sampler.Sessions} sessions ({_sessionCounter} run, {_failedSessions} ended by an error) to {options.Out}");
        return sampler.Rows > 0 ? 0 : 1;
    }

    private async Task SlotAsync(WorkloadContext context, Random random, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var total = Workloads.Sum(w => w.Weight);
        while (DateTimeOffset.UtcNow < until && !cancellationToken.IsCancellationRequested)
        {
            var pick = random.NextDouble() * total;
            var workload = Workloads.First(w => (pick -= w.Weight) < 0 || w == Workloads[^1]);
            var name = $"rec-{workload.Name}-{Interlocked.Increment(ref _sessionCounter)}";
            var end = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(random.Next(15, 91));
            _active.Add(new ActiveSession(name, workload.Name, workload.Declared));
            try
            {
                await workload.RunAsync(context, name, new Random(random.Next()), end < until ? end : until, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failedSessions);
                log.WriteLine($"record: session {name} ended by {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            }
            finally
            {
                _active.Remove(name);
            }
        }
    }

    private async Task HousekeepingAsync(WorkloadContext context, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // Admin-key housekeeping: an operator's script checking engines and recently closed sessions. Admin calls open no
        // session, so this adds load but no trace rows.
        while (DateTimeOffset.UtcNow < until && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await context.Gateway.GetAsync("/v1/engines", options.AdminKey, cancellationToken).ConfigureAwait(false);
                await context.Gateway.GetAsync("/v1/admin/sessions?state=closed&limit=50", options.AdminKey, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                log.WriteLine($"record: housekeeping call failed: {e.Message}");
            }

            await Pace.ThinkAsync(Math.Min(5000, Math.Max(0, (until - DateTimeOffset.UtcNow).TotalMilliseconds)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ProgressAsync(SessionSampler sampler, DateTimeOffset until, CancellationToken cancellationToken)
    {
        while (DateTimeOffset.UtcNow < until && !cancellationToken.IsCancellationRequested)
        {
            await Pace.ThinkAsync(Math.Min(30_000, Math.Max(0, (until - DateTimeOffset.UtcNow).TotalMilliseconds)), cancellationToken).ConfigureAwait(false);
            log.WriteLine($"record: {sampler.Rows} rows, {sampler.Sessions} sessions, {(until - DateTimeOffset.UtcNow).TotalMinutes:0.0} min left");
        }
    }
}
