namespace Orleans.DynamicDb.Engines.Workers;

/// <summary>The workers' side of the pool: which waiting work runs next, and dropping cancelled work.</summary>
internal sealed partial class FairWorkerPool
{
    /// <summary>The loop of one worker thread: take the next application's work in turn, run it, repeat until stopped.</summary>
    private void Work(TaskCompletionSource exited)
    {
        t_current = this;
        try
        {
            while (true)
            {
                WorkItem? item;
                lock (_sync)
                {
                    while ((item = _stopped ? null : Take()) is null)
                    {
                        if (_stopped)
                        {
                            return;
                        }

                        Monitor.Wait(_sync);
                    }
                }

                item.Registration.Dispose();
                item.Run(Stopped, _stopping.Token);
                lock (_sync)
                {
                    var queue = _apps[item.App];
                    queue.Busy--;
                    Forget(queue);
                }
            }
        }
        finally
        {
            t_current = null;
            exited.TrySetResult();
        }
    }

    /// <summary>
    /// The next work to run, null when none may: of the applications with waiting work and below their share, the one
    /// with the fewest busy workers, ties broken in round-robin order (the application served goes to the back).
    /// </summary>
    private WorkItem? Take()
    {
        LinkedListNode<AppWorkQueue>? chosen = null;
        for (var turn = _turns.First; turn is not null; turn = turn.Next)
        {
            var busy = turn.Value.Busy;
            if (busy < Settings.MaxWorkersPerApp && (chosen is null || busy < chosen.Value.Busy))
            {
                chosen = turn;
            }
        }

        if (chosen is null)
        {
            return null;
        }

        var queue = chosen.Value;
        var item = queue.Dequeue();
        item.Settled = true;
        queue.Busy++;
        Interlocked.Increment(ref _started);
        _turns.Remove(chosen);
        if (queue.Waiting > 0)
        {
            _turns.AddLast(chosen);
        }
        else
        {
            queue.Turn = null;
        }

        return item;
    }

    /// <summary>Drops waiting work whose caller cancelled it; work already running sees its token instead.</summary>
    private void Drop(WorkItem item)
    {
        lock (_sync)
        {
            if (item.Settled)
            {
                return;
            }

            item.Settled = true;
            if (item.Node is not null && _apps.TryGetValue(item.App, out var queue))
            {
                queue.Remove(item);
                if (queue.Waiting == 0 && queue.Turn is not null)
                {
                    _turns.Remove(queue.Turn);
                    queue.Turn = null;
                }

                Forget(queue);
            }
        }

        item.Cancel();
    }

    private AppWorkQueue GetOrAdd(string app)
    {
        if (!_apps.TryGetValue(app, out var queue))
        {
            queue = new AppWorkQueue(app);
            _apps.Add(app, queue);
        }

        return queue;
    }

    private void Forget(AppWorkQueue queue)
    {
        if (queue.Idle)
        {
            _apps.Remove(queue.App);
        }
    }
}
