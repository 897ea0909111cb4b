using Microsoft.AspNetCore.Http;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Admin;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>The query of the events route: <c>since</c> defaults to the start, <c>limit</c> to 100 and goes up to 1000.</summary>
public sealed class EventsQueryTests
{
    [Theory]
    [InlineData("", "0", 100)]
    [InlineData("?limit=1", "0", 1)]
    [InlineData("?limit=1000", "0", 1000)]
    [InlineData("?since=sqlite:3&limit=7", "sqlite:3", 7)]
    [InlineData("?since=", "0", 100)]
    public void Since_and_limit_are_read_with_their_defaults(string query, string since, int limit)
    {
        var read = EventsQuery.Read(Request(query));

        Assert.Equal(since, read.Since.ToString());
        Assert.Equal(limit, read.Limit);
    }

    [Fact]
    public void A_limit_above_the_maximum_names_the_range()
    {
        var error = Assert.Throws<DynamicDbException>(() => EventsQuery.Read(Request("?limit=1001")));

        Assert.Equal(ErrorCodes.RequestInvalid, error.ErrorCode);
        Assert.Contains("'limit' must be a whole number from 1 to 1000 (default 100); it is '1001'", error.Message);
    }

    private static HttpRequest Request(string query) => new DefaultHttpContext { Request = { QueryString = new QueryString(query) } }.Request;
}
