using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli;

/// <summary>
/// How a failure is printed on standard error: a problem's title, then its detail (with <c>--json</c>: the problem's
/// JSON as the silo answered it); any other failure as one sentence. Never a stack trace; <c>--verbose</c> adds the
/// status, the error code and the underlying cause.
/// </summary>
public static class ErrorReport
{
    /// <summary>Writes <paramref name="failure"/> to the context's standard error.</summary>
    public static void Write(CliContext context, CliException failure)
    {
        var error = context.Error;
        if (failure is CliProblemException problem)
        {
            if (context.Json && problem.Body is { } body)
            {
                error.WriteLine(body.Trim());
            }
            else
            {
                error.WriteLine($"Error: {problem.Title}");
                if (!string.IsNullOrEmpty(problem.Detail))
                {
                    error.WriteLine(problem.Detail);
                }

                if (context.Verbose)
                {
                    error.WriteLine($"(HTTP {problem.Status}, code {problem.Code})");
                }
            }
        }
        else
        {
            error.WriteLine($"Error: {failure.Message}");
            if (context.Verbose && failure.InnerException is { } inner)
            {
                error.WriteLine($"  caused by {inner.GetType().Name}: {inner.Message}");
            }
        }

        error.Flush();
    }
}
