using System.Net;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;

/// <summary>Assertions on refused statements: 403 <c>sql.not_allowed</c> with a detail naming what was refused.</summary>
internal static class Refusal
{
    public const string NotAllowed = "sql.not_allowed";

    /// <summary>Asserts a 403 <c>sql.not_allowed</c> whose detail names <paramref name="construct"/>; returns the detail.</summary>
    public static string AssertRefused(this GatewayResponse response, string construct)
    {
        var detail = response.AssertProblem(HttpStatusCode.Forbidden, NotAllowed);
        Assert.True(detail.Contains(construct, StringComparison.OrdinalIgnoreCase), $"The refusal does not name '{construct}': {detail}");
        return detail;
    }

    /// <summary>Asserts the request failed as a client error (4xx problem): the statement did not run.</summary>
    public static void AssertFailed(this GatewayResponse response)
    {
        Assert.True((int)response.Status is >= 400 and < 500, $"Expected the statement to fail, got {(int)response.Status}: {response.Body}");
        Assert.Equal("application/problem+json", response.MediaType);
    }

    /// <summary>
    /// Runs <paramref name="assert"/> on every answer in turn, so the first failure reports its own message (Assert.All
    /// would try to print the answers, whose JSON view throws on a body that is not a problem).
    /// </summary>
    public static void Every(this IEnumerable<GatewayResponse> answers, Action<GatewayResponse> assert)
    {
        foreach (var answer in answers)
        {
            assert(answer);
        }
    }
}
