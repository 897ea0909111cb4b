using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Workers;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Workers;

public sealed class FairWorkerPoolTests : IAsyncLifetime
{
    private static readonly string[] Labels = ["a1", "a2", "a3", "b1", "c1", "b2"];

    private readonly List<FairWorkerPool> _pools = [];
    private readonly List<ManualResetEventSlim> _gates = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var gate in _gates)
        {
            gate.Set();
        }

        foreach (var pool in _pools)
        {
            await pool.DisposeAsync();
        }
    }

    [Fact]
    public async Task Work_runs_on_the_pools_own_threads_and_the_caller_continues_off_them()
    {
        var pool = Pool(workers: 2);

        var work = pool.RunAsync("a", _ => (Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name, pool.IsWorkerThread));
        var continuationOnWorker = await work.ContinueWith(_ => pool.IsWorkerThread, TaskContinuationOptions.ExecuteSynchronously);

        var (threadPool, name, worker) = await work;
        Assert.False(threadPool);
        Assert.True(worker);
        Assert.StartsWith("dyndb-test-worker-", name);
        Assert.False(continuationOnWorker);
    }

    [Fact]
    public async Task Waiting_work_is_taken_from_the_applications_in_turn()
    {
        var pool = Pool(workers: 1);
        var blocker = Block(pool, "a");
        await Eventually.True(() => pool.LoadOf("a").Busy == 1, "the blocker runs");
        var order = new ConcurrentQueue<string>();

        var work = Labels
            .Select(label => pool.RunAsync(label[..1], _ => { order.Enqueue(label); return label; }))
            .ToList();
        blocker.Set();
        await Eventually.Within(Task.WhenAll(work), "the queued work");

        Assert.Equal(["a1", "b1", "c1", "a2", "b2", "a3"], order);
    }

    [Fact]
    public async Task A_freed_worker_goes_to_the_application_with_the_fewest_busy_workers()
    {
        var pool = Pool(workers: 2);
        var first = Block(pool, "a");
        Block(pool, "a");
        await Eventually.True(() => pool.LoadOf("a").Busy == 2, "a fills both workers");
        Block(pool, "a");
        Block(pool, "b");
        await Eventually.True(() => pool.LoadOf("a") == (2, 1) && pool.LoadOf("b") == (0, 1), "a's third blocker and b's wait");

        first.Set();

        await Eventually.True(() => pool.LoadOf("b").Busy == 1, "b's work runs on the worker a gave back");
        Assert.Equal((1, 1), pool.LoadOf("a"));
    }

    [Fact]
    public async Task No_application_keeps_more_workers_busy_than_its_share()
    {
        var pool = Pool(workers: 3, maxWorkersPerApp: 2);
        var gates = Enumerable.Range(0, 3).Select(_ => Block(pool, "a")).ToList();
        await Eventually.True(() => pool.LoadOf("a") == (2, 1), "two of a's three blockers run, one waits");

        var other = await Eventually.Within(pool.RunAsync("b", _ => "b ran"), "b's work while a holds its share");

        Assert.Equal("b ran", other);
        Assert.Equal((2, 1), pool.LoadOf("a"));
        gates.ForEach(g => g.Set());
        await Eventually.True(() => pool.LoadOf("a") == (0, 0), "a's work finished");
    }

    [Fact]
    public async Task An_application_with_a_full_queue_is_refused_with_a_transient_error_naming_the_setting()
    {
        var pool = Pool(workers: 1, maxQueuedPerApp: 2);
        var blocker = Block(pool, "a");
        await Eventually.True(() => pool.LoadOf("a").Busy == 1, "the blocker runs");
        var queued = Enumerable.Range(0, 2).Select(_ => pool.RunAsync("a", _ => 1)).ToList();
        var ran = false;

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => pool.RunAsync("a", _ => ran = true));
        var otherApp = pool.RunAsync("b", _ => 1);

        Assert.Equal(ErrorCodes.EngineUnavailable, refused.ErrorCode);
        Assert.True(refused.IsTransient);
        Assert.Contains("'a' already has 2 operations waiting", refused.Message);
        Assert.Contains("MaxQueuedPerApp", refused.Message);
        blocker.Set();
        var results = await Eventually.Within(Task.WhenAll([.. queued, otherApp]), "the queued work");
        Assert.Equal([1, 1, 1], results);
        Assert.False(ran);
    }

    [Fact]
    public async Task Cleanup_work_is_never_refused_for_a_full_queue()
    {
        var pool = Pool(workers: 1, maxQueuedPerApp: 1);
        var blocker = Block(pool, "a");
        await Eventually.True(() => pool.LoadOf("a").Busy == 1, "the blocker runs");
        var queued = pool.RunAsync("a", _ => 1);

        var cleanup = pool.RunCleanupAsync("a", _ => 2);

        Assert.Equal((1, 2), pool.LoadOf("a"));
        blocker.Set();
        var results = await Eventually.Within(Task.WhenAll(queued, cleanup), "the queued work");
        Assert.Equal([1, 2], results);
    }

    [Fact]
    public async Task Cancelled_waiting_work_is_dropped_without_running()
    {
        var pool = Pool(workers: 1);
        var blocker = Block(pool, "a");
        await Eventually.True(() => pool.LoadOf("a").Busy == 1, "the blocker runs");
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var waiting = pool.RunAsync("a", _ => ran = true, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(waiting, "the cancelled work"));
        Assert.Equal((1, 0), pool.LoadOf("a"));
        blocker.Set();
        Assert.Equal("after", await Eventually.Within(pool.RunAsync("a", _ => "after"), "work after the blocker"));
        Assert.False(ran);
    }

    [Fact]
    public async Task Cancelling_running_work_cancels_its_token_and_frees_the_worker()
    {
        var pool = Pool(workers: 1);
        using var cancel = new CancellationTokenSource();
        var running = pool.RunAsync("a", token =>
        {
            token.WaitHandle.WaitOne();
            token.ThrowIfCancellationRequested();
            return 0;
        }, cancel.Token);
        await Eventually.True(() => pool.LoadOf("a").Busy == 1, "the work runs");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(running, "the cancelled work"));
        Assert.Equal(2, await Eventually.Within(pool.RunAsync("a", _ => 2), "work on the freed worker"));
    }

    [Fact]
    public async Task Disposing_fails_waiting_work_interrupts_running_work_and_stops_the_threads()
    {
        var pool = Pool(workers: 1);
        Thread? worker = null;
        var running = pool.RunAsync("a", token =>
        {
            worker = Thread.CurrentThread;
            token.WaitHandle.WaitOne();
            token.ThrowIfCancellationRequested();
            return 0;
        });
        await Eventually.True(() => pool.LoadOf("a").Busy == 1, "the work runs");
        var waiting = pool.RunAsync("b", _ => 1);

        await Eventually.Within(pool.DisposeAsync().AsTask(), "disposing the pool");

        await Eventually.True(() => !worker!.IsAlive, "the worker thread ended");
        var interrupted = await Assert.ThrowsAsync<DynamicDbException>(() => running);
        var dropped = await Assert.ThrowsAsync<DynamicDbException>(() => waiting);
        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => pool.RunAsync("c", _ => 1));
        Assert.All([interrupted, dropped, refused], e => Assert.Equal(ErrorCodes.EngineUnavailable, e.ErrorCode));
        Assert.Contains("shutting down", refused.Message);
        Assert.Equal(Environment.CurrentManagedThreadId, await pool.RunCleanupAsync("c", _ => Environment.CurrentManagedThreadId));
    }

    private FairWorkerPool Pool(int workers, int maxWorkersPerApp = 0, int maxQueuedPerApp = 1000)
    {
        var settings = WorkerPoolSettings.From(new EngineOptions
        {
            WorkerThreads = workers, MaxWorkersPerApp = maxWorkersPerApp == 0 ? workers : maxWorkersPerApp, MaxQueuedPerApp = maxQueuedPerApp,
        });
        var pool = new FairWorkerPool("test", settings, NullLogger.Instance);
        _pools.Add(pool);
        return pool;
    }

    /// <summary>Queues work of <paramref name="app"/> that holds its worker until the returned gate is set.</summary>
    private ManualResetEventSlim Block(FairWorkerPool pool, string app)
    {
        var gate = new ManualResetEventSlim();
        _gates.Add(gate);
        _ = pool.RunAsync(app, _ => gate.Wait(TimeSpan.FromMinutes(1)));
        return gate;
    }
}
