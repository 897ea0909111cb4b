using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>The switch history (<see cref="ISwitchLog"/>) of the catalog, the same on every catalog database.</summary>
public abstract class SwitchLogContract
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    protected abstract Task<AdoNetDatabaseCatalog> NewCatalogAsync();

    [Fact]
    public async Task A_switch_is_recorded_step_by_step_and_each_change_moves_it_to_the_end_of_the_history()
    {
        using var log = await NewCatalogAsync();
        var first = await log.AddAsync(Running("shop", "orders"));
        var second = await log.AddAsync(Running("shop", "users"));
        await log.UpdatePhaseAsync(first.Id, SwitchPhases.Copying);
        var report = new ValidationReport(true, [new TableValidation("items", 3, 3, "ab", "ab", true)], []);
        await log.FinishAsync(first with { State = SwitchStates.Completed, Phase = SwitchPhases.Done, EndedAt = T0.AddSeconds(2), RowsCopied = 3, WritePauseMs = 4.5, DurationMs = 2000, Validation = report });

        var all = await log.ListAsync(0, 10);
        Assert.Equal([second.Id, first.Id], all.Select(r => r.Id));
        Assert.True(all[1].Cursor > all[0].Cursor);
        var done = await log.GetAsync(first.Id);
        Assert.Equal(SwitchStates.Completed, done!.State);
        Assert.Equal(4.5, done.WritePauseMs);
        Assert.Equal("items", Assert.Single(done.Validation!.Tables).Table);
        Assert.Equal([first.Id], (await log.ListAsync(all[0].Cursor, 10)).Select(r => r.Id));
        Assert.Equal(second.Id, (await log.RunningForAsync("shop", "users"))!.Id);
        Assert.Null(await log.RunningForAsync("shop", "orders"));
    }

    [Fact]
    public async Task A_second_running_switch_of_a_database_is_refused_naming_the_first()
    {
        using var log = await NewCatalogAsync();
        var first = await log.AddAsync(Running("shop", "orders"));

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => log.AddAsync(Running("shop", "orders")));

        Assert.Equal(ErrorCodes.SwitchConflict, refused.ErrorCode);
        Assert.Contains(first.Id, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_engine_change_and_the_switched_phase_commit_together_only_under_the_current_epoch()
    {
        using var log = await NewCatalogAsync();
        await log.UpsertAsync(new DatabaseInfo("shop", "orders", "sqlite", DatabaseStatus.Active, T0, T0, null));
        var epoch = await log.ClaimActivationAsync("shop", "orders", "a1", "silo", T0);
        var running = await log.AddAsync(Running("shop", "orders"));

        Assert.False(await log.SetPlacementAsync(running.Id, "shop", "orders", "pg", SwitchPhases.Switched, epoch + 1));
        Assert.Equal("sqlite", (await log.GetAsync("shop", "orders"))!.Engine);
        Assert.Equal(SwitchPhases.Validating, (await log.GetAsync(running.Id))!.Phase);

        Assert.True(await log.SetPlacementAsync(running.Id, "shop", "orders", "pg", SwitchPhases.Switched, epoch));
        Assert.Equal("pg", (await log.GetAsync("shop", "orders"))!.Engine);
        Assert.Equal(SwitchPhases.Switched, (await log.GetAsync(running.Id))!.Phase);
    }

    [Fact]
    public async Task A_pending_request_is_approved_or_rejected_once_and_expires_unanswered()
    {
        using var log = await NewCatalogAsync();
        var approved = await log.AddPendingAsync(Pending("shop", "a"));
        var rejected = await log.AddPendingAsync(Pending("shop", "b"));
        var late = await log.AddPendingAsync(Pending("shop", "c"));

        Assert.Equal(SwitchStates.Running, (await log.DecideAsync(approved.Id, approve: true, "admin-1", T0.AddMinutes(1))).State);
        Assert.Null((await log.GetAsync(approved.Id))!.StartedAt);
        Assert.Equal("admin-1", (await log.GetAsync(approved.Id))!.DecidedBy);
        Assert.Equal(SwitchStates.Rejected, (await log.DecideAsync(rejected.Id, approve: false, "admin-2", T0.AddMinutes(1))).State);

        var twice = await Assert.ThrowsAsync<DynamicDbException>(() => log.DecideAsync(rejected.Id, approve: true, "admin-1", T0.AddMinutes(2)));
        Assert.Equal(ErrorCodes.SwitchConflict, twice.ErrorCode);
        Assert.Contains("rejected", twice.Message, StringComparison.Ordinal);
        var expired = await Assert.ThrowsAsync<DynamicDbException>(() => log.DecideAsync(late.Id, approve: true, "admin-1", T0.AddHours(2)));
        Assert.Contains("expired", expired.Message, StringComparison.Ordinal);
        Assert.Equal(SwitchStates.Expired, (await log.GetAsync(late.Id))!.State);
        var unknown = await Assert.ThrowsAsync<DynamicDbException>(() => log.DecideAsync(SwitchRecord.NewId(), approve: true, "admin-1", T0));
        Assert.Equal(ErrorCodes.SwitchNotFound, unknown.ErrorCode);
    }

    [Fact]
    public async Task An_approved_request_runs_as_its_own_row_and_counts_towards_the_hour()
    {
        using var log = await NewCatalogAsync();
        var pending = await log.AddPendingAsync(Pending("shop", "a"));
        await log.DecideAsync(pending.Id, approve: true, "admin-1", T0.AddMinutes(1));

        var started = await log.AddAsync(Running("shop", "a") with { Id = pending.Id, StartedAt = T0.AddMinutes(2) });

        Assert.Equal(pending.Id, started.Id);
        Assert.Single(await log.ListRunningAsync());
        Assert.Equal(1, await log.CountSinceAsync(T0.AddMinutes(1)));
        Assert.Equal(0, await log.CountSinceAsync(T0.AddMinutes(3)));
    }

    private static SwitchRecord Running(string app, string database) =>
        new(SwitchRecord.NewId(), 0, app, database, "sqlite", "pg", SwitchStates.Running, SwitchPhases.Validating, "admin-key", null,
            T0, T0, null, null, null, null, null, null, null, null, 30, true, true);

    private static SwitchRecord Pending(string app, string database) =>
        Running(app, database) with { State = SwitchStates.PendingApproval, Phase = null, StartedAt = null, Policy = "load", ExpiresAt = T0.AddHours(1) };
}
