using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>
/// Admission control by tier, one per silo (docs/tiers.md, "Admission"): every statement a database grain runs holds
/// one of its engine's slots (<see cref="EnterAsync"/>); when they are taken it waits in its tier's bounded queue, and
/// fails with <see cref="ErrorCodes.AdmissionBusy"/> when that queue is full or the wait times out. Engines are tracked
/// from their first statement on.
/// </summary>
public sealed partial class TierAdmission
{
    private readonly ConcurrentDictionary<string, EngineAdmission> _engines = new(StringComparer.Ordinal);
    private readonly TierAdmissionOptions _options;
    private readonly TimeProvider _time;
    private readonly TierAdmissionMetrics? _metrics;
    private readonly ILogger<TierAdmission> _logger;
    private readonly Func<string, EngineAdmission> _newEngine;

    public TierAdmission(IOptions<TierAdmissionOptions> options, TimeProvider time, TierAdmissionMetrics? metrics, ILogger<TierAdmission> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_options, _time, _metrics, _logger) = (options.Value, time, metrics, logger);
        _newEngine = NewEngine;
        _metrics?.Observe(this);
    }

    /// <summary>False when admission is switched off (<c>DynamicDb:Tiers:Admission:Enabled</c>): every statement runs at once.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>The settings in force.</summary>
    public TierAdmissionOptions Options => _options;

    /// <summary>
    /// A slot on <paramref name="engineId"/> for a statement of <paramref name="tier"/>: at once when one is free and nobody
    /// waits (no lock, no allocation), else after waiting in the tier's queue. Dispose the lease when the statement ends.
    /// Throws <see cref="ErrorCodes.AdmissionBusy"/> (nothing ran) when the queue is full or the wait outlasts
    /// <c>QueueTimeout</c>, <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> ends the wait.
    /// </summary>
    public ValueTask<AdmissionLease> EnterAsync(string engineId, Tier tier, CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled)
        {
            return default;
        }

        if ((uint)tier > (uint)Tier.Background)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, $"The tier {(int)tier} of the statement is not one of High (0), Medium (1), Low (2) or Background (3).");
        }

        ArgumentNullException.ThrowIfNull(engineId);
        var engine = _engines.TryGetValue(engineId, out var known) ? known : _engines.GetOrAdd(engineId, _newEngine);
        if (engine.TryEnter(tier))
        {
            var now = _time.GetTimestamp();
            return new ValueTask<AdmissionLease>(new AdmissionLease(engine, tier, now, now));
        }

        return EnterQueuedAsync(engine, tier, cancellationToken);
    }


    /// <summary>The admission state of every engine that ran a statement on this silo, by engine id.</summary>
    public IReadOnlyList<EngineAdmissionStatus> Status() =>
        [.. _engines.Values.Select(e => e.Status()).OrderBy(s => s.Engine, StringComparer.Ordinal)];

    /// <summary>The admission state of <paramref name="engineId"/>: idle (nothing ran yet) when it never ran a statement here.</summary>
    public EngineAdmissionStatus StatusOf(string engineId)
    {
        ArgumentNullException.ThrowIfNull(engineId);
        return _engines.TryGetValue(engineId, out var engine)
            ? engine.Status()
            : new EngineAdmissionStatus(engineId, _options.SlotsPerEngine, _options.ReservedHigh, 0, 0,
                [.. Enum.GetValues<Tier>().Select(t => new TierAdmissionStatus(t, _options.Weights[t], _options.QueueLimit[t], 0, 0, 0, 0, 0, 0, 0, TierLatency.None,
                    IdleLimit(t)))], _options.Adaptive);
    }

    /// <summary>The slots a tier of an engine that never ran a statement here may hold: the adaptive limit starts Low at <c>MinLowSlots</c> and Background at 1 (slow start).</summary>
    private int IdleLimit(Tier tier) => tier switch
    {
        Tier.High => _options.SlotsPerEngine,
        Tier.Low when _options.Adaptive => _options.MinLowSlots,
        Tier.Background when _options.Adaptive => 1,
        _ => _options.SlotsPerEngine - _options.ReservedHigh,
    };

        private async ValueTask<AdmissionLease> EnterQueuedAsync(EngineAdmission engine, Tier tier, CancellationToken cancellationToken)
    {
        var enqueuedAt = _time.GetTimestamp();
        try
        {
            await engine.EnterQueuedAsync(tier, cancellationToken).ConfigureAwait(false);
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.AdmissionBusy)
        {
            LogRejected(engine.Engine, tier, e.Message);
            throw;
        }

        return new AdmissionLease(engine, tier, enqueuedAt, _time.GetTimestamp());
    }

    private EngineAdmission NewEngine(string engineId)
    {
        LogEngineTracked(engineId, _options.SlotsPerEngine, _options.ReservedHigh);
        return new EngineAdmission(engineId, _options, _time, _metrics, _logger);
    }

    [LoggerMessage(EventId = EventIds.AdmissionRejected, Level = LogLevel.Debug,
        Message = "Engine {EngineId}: a {Tier} statement was refused by admission control: {Reason}")]
    private partial void LogRejected(string engineId, Tier tier, string reason);

    [LoggerMessage(EventId = EventIds.AdmissionEngineTracked, Level = LogLevel.Debug,
        Message = "Engine {EngineId}: admission control tracks it with {Slots} slots, {ReservedHigh} reserved for High")]
    private partial void LogEngineTracked(string engineId, int slots, int reservedHigh);
}
