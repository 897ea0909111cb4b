namespace Orleans.DynamicDb.Runtime.Tests;

public sealed class GrainIdTests
{
    [Fact]
    public void A_grain_id_round_trips_through_its_string_form()
    {
        var id = new GrainId("database", "myapp/users");
        Assert.Equal(id, GrainId.Parse(id.ToString()));
        Assert.Equal("myapp/users", GrainId.Parse("database/myapp/users").Key);
    }

    [Fact]
    public void Parsing_a_string_without_a_type_names_the_bad_value()
    {
        var error = Assert.Throws<FormatException>(() => GrainId.Parse("nokey"));
        Assert.Contains("'nokey'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_uniform_hash_is_stable_across_processes()
    {
        // FNV-1a of "a/b" with the avalanche: fixed, so every silo places and partitions the same way.
        Assert.Equal(StableHash.Compute("a/b"), new GrainId("a", "b").GetUniformHashCode());
        Assert.Equal(0xa11ccf42u, StableHash.Compute("a/b"));
    }
}
