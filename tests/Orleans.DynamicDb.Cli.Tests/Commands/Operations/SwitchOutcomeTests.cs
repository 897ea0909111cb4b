using System.Text.Json;
using Orleans.DynamicDb.Cli.Commands.Operations;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

/// <summary>The exit code of a switch's answer (pure logic: the states come from the silo's answers).</summary>
public sealed class SwitchOutcomeTests
{
    [Theory]
    [InlineData("""{"state":"completed","error":null}""", 0)]
    [InlineData("""{"state":"pending_approval"}""", 0)]
    [InlineData("""{"state":"running","phase":"copying"}""", 0)]
    [InlineData("""{"state":"completed","error":"switch.aborted: post-validation found differences (rollback_on_failure is false)"}""", 5)]
    [InlineData("""{"state":"rolled_back","error":"switch.aborted: x"}""", 5)]
    [InlineData("""{"state":"failed","error":"switch.refused: x"}""", 5)]
    [InlineData("""{"state":"rejected"}""", 5)]
    [InlineData("""{"state":"expired"}""", 5)]
    public void A_switch_exits_0_when_completed_or_pending_and_5_when_it_ended_otherwise(string answer, int exitCode)
    {
        Assert.Equal(exitCode, SwitchOutcome.ExitCode(JsonDocument.Parse(answer).RootElement));
    }

    [Fact]
    public void A_pending_switch_is_reported_as_waiting_for_approval_without_an_error()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var context = new CliContext(new CliEnvironment(TextReader.Null, stdout, stderr, new Dictionary<string, string>()));
        var pending = JsonDocument.Parse("""{"id":"sw_0123456789abcdef0123456789abcdef","state":"pending_approval","source":"sqlite","target":"pg"}""").RootElement;

        SwitchOutcome.Report(context, pending);

        Assert.Contains("pending_approval", stdout.ToString());
        Assert.Contains("Waiting for an admin's approval: dyndb switches approve sw_0123456789abcdef0123456789abcdef", stdout.ToString());
        Assert.Equal("", stderr.ToString());
    }
}
