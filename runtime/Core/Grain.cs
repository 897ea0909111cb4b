using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Runtime.Activation;

namespace Orleans.DynamicDb.Runtime;

/// <summary>
/// Base class of every grain. The runtime constructs it for one activation; the activation's context is
/// taken from the runtime while the constructor runs, so derived classes need no special constructor.
/// </summary>
public abstract class Grain : IAddressable
{
    private readonly ActivationData _activation;

    protected Grain()
    {
        _activation = ActivationData.Constructing
            ?? throw new InvalidOperationException($"Grain '{GetType().FullName}' was constructed outside the runtime. Grains are created by the silo on their first call; get a reference with IGrainFactory.GetGrain<T>(key).");
    }

    /// <summary>This activation's context.</summary>
    public IGrainContext GrainContext => _activation;

    /// <summary>A factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => _activation.Runtime.GrainFactory;

    /// <summary>The silo's services.</summary>
    protected IServiceProvider ServiceProvider => _activation.ActivationServices;

    internal ActivationData Activation => _activation;

    /// <summary>Runs before the first call is delivered. A failure fails the waiting calls, and the next call tries again.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once when the activation is deactivated, for whatever <paramref name="reason"/>.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current turn has finished.</summary>
    protected void DeactivateOnIdle() => _activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>Keeps this activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => _activation.DelayDeactivation(timeSpan);

    /// <summary>Registers a timer whose callback runs as a turn of this activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer(static (state, ct) => ((Func<CancellationToken, Task>)state!)(ct), callback, options);
    }

    /// <summary>Registers a timer whose callback runs as a turn of this activation.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer(static (s, ct) => ((TimerState<TState>)s!).Invoke(ct), new TimerState<TState>(callback, state), options);
    }

    /// <summary>Registers a non-interleaving timer that does not keep the grain alive.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
        => RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    /// <summary>Registers or updates a durable reminder; the grain must implement <see cref="IRemindable"/>.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period)
        => Reminders.RegisterOrUpdateReminder(_activation.GrainId, this, reminderName, dueTime, period);

    /// <summary>The reminder with this name, or null.</summary>
    protected Task<IGrainReminder?> GetReminder(string reminderName) => Reminders.GetReminder(_activation.GrainId, reminderName);

    /// <summary>Every reminder of this grain.</summary>
    protected Task<IReadOnlyList<IGrainReminder>> GetReminders() => Reminders.GetReminders(_activation.GrainId);

    /// <summary>Removes a reminder of this grain.</summary>
    protected Task UnregisterReminder(IGrainReminder reminder) => Reminders.UnregisterReminder(_activation.GrainId, reminder);

    private IReminderRegistry Reminders => _activation.ActivationServices.GetService<IReminderRegistry>()
        ?? throw new InvalidOperationException("No reminder service is configured. Call UseInMemoryReminderService() or UseAdoNetReminderService(...) on the silo builder.");

    private sealed class TimerState<TState>(Func<TState, CancellationToken, Task> callback, TState state)
    {
        public Task Invoke(CancellationToken cancellationToken) => callback(state, cancellationToken);
    }
}
