using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Gateway.Responses;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>Query rows become items keyed by column name, without losing a value to a repeated name.</summary>
public sealed class QueryResponseTests
{
    [Fact]
    public void Items_are_keyed_by_column_in_result_order()
    {
        var response = QueryResponse.From(new QueryResult(["id", "name"], [[1L, "a"], [2L, null]]));

        Assert.Equal(2, response.Count);
        Assert.Equal(["id", "name"], response.Items[0].Keys);
        Assert.Equal(2L, response.Items[1]["id"]);
        Assert.Null(response.Items[1]["name"]);
    }

    [Fact]
    public void A_repeated_column_name_gets_a_suffix_that_does_not_collide()
    {
        var response = QueryResponse.From(new QueryResult(["id", "id", "id_2", "id"], [[1L, 2L, 3L, 4L]]));

        Assert.Equal(["id", "id_3", "id_2", "id_4"], response.Items[0].Keys);
        Assert.Equal([1L, 2L, 3L, 4L], response.Items[0].Values);
        Assert.Equal(["id", "id", "id_2", "id"], response.Columns);
    }
}
