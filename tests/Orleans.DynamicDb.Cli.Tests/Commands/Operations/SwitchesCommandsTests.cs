using System.Text.Json;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using static Orleans.DynamicDb.Cli.Tests.Commands.Operations.Cli;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

/// <summary>
/// Approvals: a performance policy with a threshold every statement passes asks to move a database of <c>policyapp</c>;
/// the silo requires approval, so the request waits as <c>pending_approval</c> until the CLI approves or rejects it.
/// </summary>
[Collection(OpsSiloCollection.Name)]
public sealed class SwitchesCommandsTests(OpsSiloFixture silo)
{
    private static readonly TimeSpan PolicyDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_pending_switch_is_listed_and_rejected_and_stays_on_its_engine()
    {
        using var cli = silo.Runner().WithVariable("DYNDB_KEY", silo.PolicyAppKey);
        var db = await SeededDatabaseAsync(cli, 10, "rej");
        var policy = await SetPolicyAsync(cli);
        string id;
        try
        {
            id = await PendingAsync(cli, db);
        }
        finally
        {
            await Ok(cli, "policies", "delete", policy);
        }

        var table = await Ok(cli, "switches", "list", "--state", "pending", "--database", $"policyapp/{db}");
        Assert.Contains(id, table.Stdout);
        Assert.Contains("pending_approval", table.Stdout);
        Assert.Contains($"policy:{policy}", table.Stdout);

        var rejected = await Ok(cli, "switches", "reject", id);
        Assert.Contains($"Rejected switch {id} of policyapp/{db} to 'second' (decided by admin:ops-tests).", rejected.Stdout);
        var shown = JsonDocument.Parse((await Ok(cli, "--json", "switches", "show", id)).Stdout).RootElement;
        Assert.Equal("rejected", shown.GetProperty("state").GetString());
        Assert.Equal("sqlite", JsonDocument.Parse((await Ok(cli, "--json", "databases", "status", db)).Stdout).RootElement.GetProperty("engine").GetString());

        var again = await cli.RunAsync("switches", "approve", id);
        Assert.True(again.ExitCode == 5, again.ToString());
        Assert.Contains("rejected", again.Stderr);
    }

    [Fact]
    public async Task An_approved_switch_runs_shows_its_phases_and_moves_the_database()
    {
        using var cli = silo.Runner().WithVariable("DYNDB_KEY", silo.PolicyAppKey);
        var db = await SeededDatabaseAsync(cli, 1000, "appr");
        var policy = await SetPolicyAsync(cli);
        string id;
        try
        {
            id = await PendingAsync(cli, db);
            await Ok(cli, "policies", "disable", policy);
        }
        finally
        {
            await Ok(cli, "policies", "delete", policy);
        }

        var approved = await cli.RunAsync("switches", "approve", id, "--poll-interval", "50");

        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.Matches(@"state\s+completed", approved.Stdout);
        Assert.Matches(@"rows copied\s+1000", approved.Stdout);
        Assert.Matches(@"write pause\s+\d+(\.\d+)? ms", approved.Stdout);
        Assert.Equal("second", JsonDocument.Parse((await Ok(cli, "--json", "databases", "status", db)).Stdout).RootElement.GetProperty("engine").GetString());
        var completed = await Ok(cli, "switches", "list", "--state", "completed", "--database", $"policyapp/{db}");
        Assert.Contains(id, completed.Stdout);
    }

    [Fact]
    public async Task A_bad_state_filter_or_switch_id_exits_2_and_an_unknown_id_exits_3()
    {
        using var cli = silo.Runner();

        var state = await cli.RunAsync("switches", "list", "--state", "sleeping");
        var badId = await cli.RunAsync("switches", "show", "sw_nothex");
        var unknown = await cli.RunAsync("switches", "approve", "sw_" + Guid.NewGuid().ToString("N"));

        Assert.True(state.ExitCode == 2, state.ToString());
        Assert.Contains("--state 'sleeping' is not a switch state", state.Stderr);
        Assert.True(badId.ExitCode == 2, badId.ToString());
        Assert.Contains("'sw_nothex' is not a switch id", badId.Stderr);
        Assert.True(unknown.ExitCode == 3, unknown.ToString());
    }

    private static async Task<string> SetPolicyAsync(CliRunner cli)
    {
        var name = "approve-" + Guid.NewGuid().ToString("N")[..8];
        await Ok(cli, "policies", "set", name, "--trigger", "performance", "--threshold", "0.000001", "--target", "second", "--app", "policyapp", "--window", "30");
        return name;
    }

    /// <summary>Keeps the database busy until the policy's request for it waits for approval; its id.</summary>
    private static async Task<string> PendingAsync(CliRunner cli, string db)
    {
        string? id = null;
        await Eventually.True(
            async () =>
            {
                await Ok(cli, "databases", "query", db, "SELECT COUNT(*) FROM items");
                var list = JsonDocument.Parse((await Ok(cli, "--json", "switches", "list", "--state", "pending", "--database", $"policyapp/{db}")).Stdout).RootElement;
                id = list.GetProperty("switches").EnumerateArray().Select(s => s.GetProperty("id").GetString()).LastOrDefault();
                return id is not null;
            },
            $"the policy asks to move {db} and the request waits for approval",
            PolicyDeadline);
        return id!;
    }
}
