using Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>
/// One switching policy (key: its name). Setting an enabled policy registers a reminder (period
/// <see cref="SwitchPolicyOptions.ReminderPeriod"/>) that activates the grain again after a restart, on one silo, and
/// starts a grain timer that evaluates every <see cref="SwitchPolicyOptions.EvaluationInterval"/> and keeps it active.
/// Every decision is persisted before the next one.
/// </summary>
internal sealed partial class SwitchPolicyGrain(
    [PersistentState("switchpolicy")] IPersistentState<SwitchPolicyState> state,
    IDatabaseCatalog catalog,
    IEngineRegistry engines,
    IOptions<SwitchPolicyOptions> options,
    PolicyMetrics metrics,
    TimeProvider time,
    ILogger<SwitchPolicyGrain> logger) : Grain, ISwitchPolicyGrain, IRemindable
{
    /// <summary>The name of the reminder that keeps the policy alive.</summary>
    public const string ReminderName = "switch-policy";

    /// <summary>How many of the switches it asked for the state keeps.</summary>
    private const int MaxRequestsKept = 100;

    private readonly SwitchPolicyOptions _options = options.Value;
    private string _name = "";
    private IGrainTimer? _timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = this.GetPrimaryKeyString();
        if (state.State.Policy is { Enabled: true })
        {
            StartTimer();
        }

        return Task.CompletedTask;
    }

    public async Task<SwitchPolicyStatus> SetAsync(SwitchPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!string.Equals(policy.Name, _name, StringComparison.Ordinal))
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, $"The policy '{policy.Name}' cannot be set on the grain of policy '{_name}'.");
        }

        var errors = SwitchPolicyRules.Validate(policy, [.. engines.Engines.Select(e => e.Id)], f => f.ToString());
        if (errors.Count > 0)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, string.Join(" ", errors));
        }

        var target = engines.Get(policy.TargetEngine).Id;
        policy = policy with { TargetEngine = target };
        var previous = state.State.Policy;
        if (previous is not null && !string.Equals(previous.TargetEngine, target, StringComparison.Ordinal))
        {
            // Databases moved to the former target are no longer this policy's to move back.
            state.State.Out.Clear();
        }

        state.State.Policy = policy;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync(cancellationToken);
        await GrainFactory.GetGrain<ISwitchPolicyIndexGrain>(ISwitchPolicyIndexGrain.Key).SetAsync(_name, present: true, cancellationToken);
        if (policy.Enabled)
        {
            await this.RegisterOrUpdateReminder(ReminderName, _options.ReminderPeriod, _options.ReminderPeriod);
            StartTimer();
        }
        else
        {
            await StopAsync();
        }

        LogSet(_name, policy.Enabled, policy.TriggerType, policy.ThresholdValue, policy.TargetEngine);
        return Status();
    }

    public Task<SwitchPolicyStatus> GetAsync(CancellationToken cancellationToken) => Task.FromResult(Status());

    public async Task<bool> DeleteAsync(CancellationToken cancellationToken)
    {
        if (state.State.Policy is null)
        {
            return false;
        }

        await StopAsync();
        await state.ClearStateAsync(cancellationToken);
        state.State = new SwitchPolicyState();
        await GrainFactory.GetGrain<ISwitchPolicyIndexGrain>(ISwitchPolicyIndexGrain.Key).SetAsync(_name, present: false, cancellationToken);
        LogDeleted(_name);
        DeactivateOnIdle();
        return true;
    }

    public async Task<SwitchPolicyStatus> EvaluateAsync(CancellationToken cancellationToken)
    {
        await EvaluateCoreAsync(cancellationToken);
        return Status();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        if (state.State.Policy is { Enabled: true })
        {
            // Activating the grain was the point: OnActivateAsync started the timer; make sure it runs.
            StartTimer();
        }
        else
        {
            await StopAsync();
        }
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(
            TickAsync,
            new GrainTimerCreationOptions(_options.EvaluationInterval, _options.EvaluationInterval) { KeepAlive = true, Interleave = false });

    private async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EvaluateCoreAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogEvaluationFailed(e, _name);
        }
    }

    private SwitchPolicyStatus Status()
    {
        var s = state.State;
        return new SwitchPolicyStatus(s.Policy, s.UpdatedAt, s.LastEvaluatedAt, s.LastEvaluation, s.Evaluations, [.. s.Requests], [.. s.Out.Values.OrderBy(m => m.At)]);
    }

    /// <summary>The optional services, resolved when first needed (the switch side registers them).</summary>
    private ISwitchRequester? Requester => ServiceProvider.GetService<ISwitchRequester>();

    private ISwitchHistory? History => ServiceProvider.GetService<ISwitchHistory>();

    private Alerts.IAlertSink? Alerts => ServiceProvider.GetService<Alerts.IAlertSink>();
}
