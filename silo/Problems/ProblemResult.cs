namespace Orleans.DynamicDb.Silo.Problems;

/// <summary>An endpoint result that answers with a problem.</summary>
internal sealed class ProblemResult(GatewayProblem problem) : IResult
{
    public GatewayProblem Problem { get; } = problem;

    public Task ExecuteAsync(HttpContext httpContext) => ProblemWriter.WriteAsync(httpContext, Problem);
}
