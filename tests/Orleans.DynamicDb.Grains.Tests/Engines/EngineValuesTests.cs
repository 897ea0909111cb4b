using System.Text.Json;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Grains.Tests.Engines;

public sealed class EngineValuesTests
{
    [Fact]
    public void Json_arguments_become_their_natural_clr_values()
    {
        var args = JsonSerializer.Deserialize<object?[]>("""["a", 1, 2.5, 12345678901234567890123, true, false, null, {"k": [1]}]""")!;

        var converted = args.Select((a, i) => EngineValues.ToArgument(a, i)).ToArray();

        Assert.Equal(["a", 1L, 2.5m, 12345678901234567890123m, true, false, null, "{\"k\": [1]}"], converted);
    }

    [Fact]
    public void Unsupported_argument_types_are_rejected_naming_the_position_and_type()
    {
        var error = Assert.Throws<DynamicDbException>(() => EngineValues.ToArgument(new Uri("file:///x"), 2));

        Assert.Equal(ErrorCodes.RequestInvalid, error.ErrorCode);
        Assert.Contains("Argument 3", error.Message);
        Assert.Contains("'Uri'", error.Message);
    }

    [Fact]
    public void Engine_values_are_normalised_to_wire_friendly_types()
    {
        Assert.Null(EngineValues.FromEngine(DBNull.Value));
        Assert.Equal(5L, EngineValues.FromEngine(5));
        Assert.Equal(5L, EngineValues.FromEngine((short)5));
        Assert.Equal(1.5, EngineValues.FromEngine(1.5f));
        Assert.Equal("2024-02-29", EngineValues.FromEngine(new DateTime(2024, 2, 29), "date"));
        Assert.Equal("2024-02-29T10:11:12.0000000Z", EngineValues.FromEngine(new DateTime(2024, 2, 29, 10, 11, 12, DateTimeKind.Utc)));
        Assert.Equal("00000000-0000-0000-0000-000000000001", EngineValues.FromEngine(new Guid("00000000-0000-0000-0000-000000000001")));
        Assert.Equal("[1,2,3]", EngineValues.FromEngine(new List<int> { 1, 2, 3 }));
        Assert.Equal("text", EngineValues.FromEngine("text"));
        Assert.Equal(new byte[] { 1, 2 }, EngineValues.FromEngine(new byte[] { 1, 2 }));
    }
}
