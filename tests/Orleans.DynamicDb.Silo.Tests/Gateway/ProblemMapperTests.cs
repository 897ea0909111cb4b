using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Errors;
using Orleans.Runtime;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>Every error code has its HTTP status, and unexpected failures leak nothing.</summary>
public sealed class ProblemMapperTests
{
    [Theory]
    [InlineData(ErrorCodes.DatabaseInvalidName, 400)]
    [InlineData(ErrorCodes.RequestInvalid, 400)]
    [InlineData(ErrorCodes.SqlSyntax, 400)]
    [InlineData(ErrorCodes.SqlError, 400)]
    [InlineData(ErrorCodes.EngineUnknown, 400)]
    [InlineData(ErrorCodes.AuthDenied, 401)]
    [InlineData(ErrorCodes.DatabaseNotFound, 404)]
    [InlineData(ErrorCodes.RequestTooLarge, 413)]
    [InlineData(ErrorCodes.EngineUnavailable, 503)]
    [InlineData(ErrorCodes.EngineStartFailed, 503)]
    [InlineData(ErrorCodes.SqlTimeout, 504)]
    [InlineData(ErrorCodes.DatabaseCorrupt, 500)]
    [InlineData(ErrorCodes.SqlOutcomeUnknown, 500)]
    [InlineData(ErrorCodes.EngineNoSyncStandby, 503)]
    [InlineData(ErrorCodes.TransactionNotFound, 404)]
    [InlineData(ErrorCodes.TransactionAborted, 409)]
    [InlineData(ErrorCodes.TransactionLimit, 503)]
    public void Each_error_code_has_its_status_and_is_the_problem_type(string code, int status)
    {
        var problem = ProblemMapper.Map(new DynamicDbException(code, "What to do about it."));

        Assert.Equal(status, problem.Status);
        Assert.Equal(code, problem.Type);
        Assert.Equal("What to do about it.", problem.Detail);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
    }

    [Fact]
    public void Runtime_timeouts_and_stopping_silos_are_transient_problems()
    {
        var timeout = ProblemMapper.TryMap(new TimeoutException("Response did not arrive on time for grain database/alpha/x"));
        var stopping = ProblemMapper.TryMap(new SiloUnavailableException());

        Assert.Equal((504, ErrorCodes.SqlTimeout, true), (timeout!.Status, timeout.Type, timeout.Transient));
        Assert.DoesNotContain("grain", timeout.Detail);
        Assert.Equal((503, ErrorCodes.EngineUnavailable, true), (stopping!.Status, stopping.Type, stopping.Transient));
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_that_names_only_the_trace_id()
    {
        var filter = new ProblemEndpointFilter(NullLogger<ProblemEndpointFilter>.Instance);
        var http = new DefaultHttpContext { TraceIdentifier = "trace-42" };

        var result = await filter.InvokeAsync(
            new DefaultEndpointFilterInvocationContext(http),
            _ => throw new InvalidOperationException("connection string Password=secret"));

        var problem = Assert.IsType<ProblemResult>(result).Problem;
        Assert.Equal(500, problem.Status);
        Assert.Equal("about:blank", problem.Type);
        Assert.DoesNotContain("secret", problem.Detail);
        Assert.Contains("trace-42", problem.Detail);
    }
}
