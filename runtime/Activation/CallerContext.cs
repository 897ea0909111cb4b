namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>
/// Completes a caller's task with no activation context on the thread, so a continuation that runs inline belongs
/// to the caller, never to the activation that answered.
/// </summary>
internal static class CallerContext
{
    public static void Complete<TState>(Action<TState> complete, TState state)
    {
        var context = SynchronizationContext.Current;
        var current = ActivationData.Current;
        if (context is null && current is null)
        {
            complete(state);
            return;
        }

        SynchronizationContext.SetSynchronizationContext(null);
        ActivationData.Current = null;
        try
        {
            complete(state);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
            ActivationData.Current = current;
        }
    }
}
