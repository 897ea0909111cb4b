namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>One activation of a grain (stub: the real one lands with the activation core).</summary>
internal sealed class ActivationData : IGrainContext
{
    [ThreadStatic]
    private static ActivationData? t_constructing;

    internal static ActivationData? Constructing { get => t_constructing; set => t_constructing = value; }

    public GrainId GrainId => throw new NotImplementedException();

    public object? GrainInstance => throw new NotImplementedException();

    public IServiceProvider ActivationServices => throw new NotImplementedException();

    internal GrainRuntime Runtime => throw new NotImplementedException();

    public void Deactivate(DeactivationReason reason) => throw new NotImplementedException();

    public void DelayDeactivation(TimeSpan timeSpan) => throw new NotImplementedException();

    public void SetCollectionAge(TimeSpan age) => throw new NotImplementedException();

    internal IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options) => throw new NotImplementedException();
}
