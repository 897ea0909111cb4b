using System.Text.Json;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Gateway.Requests;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>JSON statement arguments become plain .NET values; arrays and objects are refused.</summary>
public sealed class JsonArgsTests
{
    [Fact]
    public void Scalars_become_null_bool_long_double_and_string()
    {
        var values = Convert("[null, true, false, 42, -9007199254740993, 1.5, 1e-30, 18446744073709551616, \"text\"]");

        Assert.Equal<object?>([null, true, false, 42L, -9007199254740993L, 1.5, 1e-30, 18446744073709551616d, "text"], values);
    }

    [Theory]
    [InlineData("[[1, 2]]", "'args[0]' is an array")]
    [InlineData("[1, {\"a\": 1}]", "'args[1]' is an object")]
    [InlineData("[1e999]", "'args[0]' is a number outside the range")]
    public void Arrays_objects_and_numbers_out_of_range_are_refused_naming_the_position(string json, string expected)
    {
        var error = Assert.Throws<DynamicDbException>(() => Convert(json));

        Assert.Equal(ErrorCodes.RequestInvalid, error.ErrorCode);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Missing_or_null_args_are_no_arguments()
    {
        using var missing = JsonDocument.Parse("{}");
        using var none = JsonDocument.Parse("{\"args\": null}");

        Assert.Empty(JsonFields.Args(missing.RootElement, "args"));
        Assert.Empty(JsonFields.Args(none.RootElement, "args"));
    }

    private static IReadOnlyList<object?> Convert(string array)
    {
        using var document = JsonDocument.Parse($"{{\"args\": {array}}}");
        return JsonFields.Args(document.RootElement, "args");
    }
}
