using Orleans.DynamicDb.Engines.Health;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Health;

public sealed class EngineOutcomeReporterTests
{
    [Theory]
    [InlineData("engine.unavailable")]
    [InlineData("sql.timeout")]
    [InlineData("unexpected")]
    public void Engine_side_failures_count_against_the_engine(string code)
    {
        Assert.True(EngineOutcomeReporter.IsEngineFailure(code));
        Assert.True(EngineOutcomeReporter.Counts(code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sql.error")]
    [InlineData("sql.syntax")]
    [InlineData("sql.not_allowed")]
    public void Successes_and_a_tenants_sql_errors_count_as_the_engine_answering(string? code)
    {
        Assert.False(EngineOutcomeReporter.IsEngineFailure(code));
        Assert.True(EngineOutcomeReporter.Counts(code));
    }

    [Theory]
    [InlineData("database.not_found")]
    [InlineData("request.invalid")]
    [InlineData("auth.denied")]
    public void Calls_refused_before_the_engine_do_not_count(string code) =>
        Assert.False(EngineOutcomeReporter.Counts(code));
}
