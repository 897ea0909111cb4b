namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>
/// Routes every continuation of grain code (an await that did not use ConfigureAwait(false)) back into its
/// activation's queue, so an activation never runs on two threads at once.
/// </summary>
internal sealed class ActivationSynchronizationContext(ActivationData activation) : SynchronizationContext
{
    public ActivationData Activation => activation;

    public override void Post(SendOrPostCallback d, object? state) => activation.EnqueueWork(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException($"Synchronous Send on grain {activation.GrainId} would block its turn; await instead.");

    public override SynchronizationContext CreateCopy() => this;
}
