using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Tiers;
using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Grains.Tests.Tiers.Admission;

/// <summary>Admission control's rules on a manual clock: slots, High's reservation, bounded queues, timeouts, cancellation.</summary>
public sealed class TierAdmissionTests
{
    [Fact]
    public void Free_slots_admit_at_once_and_a_released_slot_is_free_again()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh) = (2, 0));
        var a = h.Take(Tier.Medium);
        var b = h.Take(Tier.Low);
        Assert.False(h.Enter(Tier.Medium).IsCompleted);

        a.Dispose();

        Assert.Equal(2, h.Status.InFlight);
        Assert.Equal(0, h.Status.Queued);
        Assert.Equal(2, h.Of(Tier.Medium).Admitted);
        Assert.Equal(1, h.Of(Tier.Medium).QueuedTotal);
        b.Dispose();
        Assert.Equal(1, h.Status.InFlight);
    }

    [Fact]
    public void Other_tiers_leave_the_reserved_slots_to_high_which_is_admitted_while_they_queue()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh) = (4, 2));
        h.Take(Tier.Medium);
        h.Take(Tier.Low);

        var medium = h.Enter(Tier.Medium);
        var background = h.Enter(Tier.Background);
        h.Take(Tier.High);
        h.Take(Tier.High);
        var thirdHigh = h.Enter(Tier.High);

        Assert.False(medium.IsCompleted);
        Assert.False(background.IsCompleted);
        Assert.False(thirdHigh.IsCompleted);
        Assert.Equal(4, h.Status.InFlight);
        Assert.Equal(2, h.Of(Tier.High).InFlight);
    }

    [Fact]
    public void High_statements_count_against_the_reserve_so_others_may_use_what_high_leaves_beyond_it()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh) = (4, 2));
        h.Take(Tier.High);
        h.Take(Tier.High);
        h.Take(Tier.High);

        h.Take(Tier.Medium);

        Assert.Equal(4, h.Status.InFlight);
    }

    [Fact]
    public async Task A_full_queue_answers_admission_busy_naming_the_tier_engine_and_limit_and_runs_nothing()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh, o.QueueLimit.Low) = (1, 0, 1));
        h.Take(Tier.Medium);
        var queued = h.Enter(Tier.Low);

        var busy = await Assert.ThrowsAsync<DynamicDbException>(() => h.Enter(Tier.Low));

        Assert.False(queued.IsCompleted);
        Assert.Equal(ErrorCodes.AdmissionBusy, busy.ErrorCode);
        Assert.True(busy.IsTransient);
        Assert.Contains("tier Low", busy.Message, StringComparison.Ordinal);
        Assert.Contains("'pg'", busy.Message, StringComparison.Ordinal);
        Assert.Contains("DynamicDb:Tiers:Admission:QueueLimit:Low = 1", busy.Message, StringComparison.Ordinal);
        Assert.True(busy.RetryAfter >= TimeSpan.FromSeconds(1), $"Retry-After {busy.RetryAfter}");
        Assert.Equal(1, h.Of(Tier.Low).RejectedQueueFull);
        Assert.Equal(1, h.Of(Tier.Low).Queued);
        Assert.Equal(0, h.Of(Tier.Low).InFlight);
    }

    [Fact]
    public async Task A_queue_limit_of_zero_answers_busy_at_once_when_no_slot_is_free()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh, o.QueueLimit.Background) = (1, 0, 0));
        h.Take(Tier.Medium);

        var busy = await Assert.ThrowsAsync<DynamicDbException>(() => h.Enter(Tier.Background));

        Assert.Contains("QueueLimit:Background = 0", busy.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Status.Queued);
    }

    [Fact]
    public async Task A_wait_past_the_queue_timeout_answers_busy_leaves_the_queue_and_takes_no_slot()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh, o.QueueTimeout) = (1, 0, TimeSpan.FromSeconds(3)));
        var holder = h.Take(Tier.Medium);
        var waiting = h.Enter(Tier.Low);

        h.Clock.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(waiting.IsCompleted);
        h.Clock.Advance(TimeSpan.FromSeconds(0.2));
        var busy = await Assert.ThrowsAsync<DynamicDbException>(() => waiting);

        Assert.Equal(ErrorCodes.AdmissionBusy, busy.ErrorCode);
        Assert.Contains("waited 3 s", busy.Message, StringComparison.Ordinal);
        Assert.Contains("QueueTimeout", busy.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(3), busy.RetryAfter);
        Assert.Equal(0, h.Status.Queued);
        Assert.Equal(1, h.Of(Tier.Low).RejectedTimeout);
        holder.Dispose();
        Assert.Equal(0, h.Status.InFlight);
        h.Take(Tier.Low).Dispose();
    }

    [Fact]
    public async Task Cancelling_a_queued_statement_removes_it_and_the_freed_slot_goes_to_the_next()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh) = (1, 0));
        var holder = h.Take(Tier.Medium);
        using var cancel = new CancellationTokenSource();
        var cancelled = h.Enter(Tier.Medium, cancel.Token);
        var next = h.Enter(Tier.Medium);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, h.Status.Queued);
        holder.Dispose();

        Assert.Equal(1, h.Status.InFlight);
        Assert.Equal(0, h.Status.Queued);
        (await next.WaitAsync(AdmissionHarness.Patience)).Dispose();
        Assert.Equal(0, h.Status.InFlight);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_queues_nothing()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh) = (1, 0));
        h.Take(Tier.Medium);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Enter(Tier.Low, new CancellationToken(canceled: true)));

        Assert.Equal(0, h.Status.Queued);
    }

    [Fact]
    public void A_lease_disposed_when_its_statement_fails_frees_its_slot()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh) = (1, 0));

        void RunFailingStatement()
        {
            using var lease = h.Take(Tier.Medium);
            throw new InvalidOperationException("the statement failed");
        }

        Assert.Throws<InvalidOperationException>(RunFailingStatement);

        Assert.Equal(0, h.Status.InFlight);
        h.Take(Tier.Medium);
    }

    [Fact]
    public async Task Switched_off_it_admits_everything_at_once_and_tracks_nothing()
    {
        var h = new AdmissionHarness(o => (o.Enabled, o.SlotsPerEngine, o.ReservedHigh) = (false, 1, 0));

        var leases = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => h.Enter(Tier.Background)));

        Assert.All(leases, l => Assert.False(l.HoldsSlot));
        Assert.Empty(h.Admission.Status());
    }

    [Fact]
    public async Task A_tier_outside_the_four_is_refused_naming_its_value()
    {
        var h = new AdmissionHarness();

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => h.Enter((Tier)7));

        Assert.Equal(ErrorCodes.RequestInvalid, refused.ErrorCode);
        Assert.Contains("tier 7", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_threads_entering_and_leaving_at_once_leave_no_slot_taken_and_nothing_queued()
    {
        var h = new AdmissionHarness(o => (o.SlotsPerEngine, o.ReservedHigh, o.BackgroundMaxSlots) = (3, 1, 1));
        const int Workers = 8;
        const int Rounds = 2000;

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < Rounds; i++)
            {
                using var lease = await h.Enter((Tier)((w + i) % 4));
                Thread.SpinWait(50);
            }
        })));

        Assert.Equal(0, h.Status.InFlight);
        Assert.Equal(0, h.Status.Queued);
        Assert.Equal(Workers * Rounds, h.Status.Tiers.Sum(t => t.Admitted));
    }
}
