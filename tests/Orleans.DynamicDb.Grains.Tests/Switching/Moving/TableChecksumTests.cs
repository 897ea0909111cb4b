using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

public sealed class TableChecksumTests
{
    private static string Sum(params object?[][] rows)
    {
        var sum = new TableChecksum();
        foreach (var row in rows)
        {
            sum.Add(row);
        }

        return sum.Hex;
    }

    [Fact]
    public void The_checksum_does_not_depend_on_row_order()
    {
        Assert.Equal(Sum([1L, "a"], [2L, "b"]), Sum([2L, "b"], [1L, "a"]));
    }

    [Fact]
    public void A_changed_missing_or_duplicated_row_changes_the_checksum()
    {
        var original = Sum([1L, "a"], [2L, "b"]);

        Assert.NotEqual(original, Sum([1L, "a"], [2L, "c"]));
        Assert.NotEqual(original, Sum([1L, "a"]));
        Assert.NotEqual(original, Sum([1L, "a"], [2L, "b"], [2L, "b"]));
        Assert.NotEqual(Sum([null, "a"]), Sum(["", "a"]));
        Assert.NotEqual(Sum(["a,b", "c"]), Sum(["a", "b,c"]));
    }

    [Fact]
    public void Translated_values_compare_equal_booleans_as_integers_and_numbers_without_trailing_zeros()
    {
        Assert.Equal(Sum([true, false]), Sum([1L, 0L]));
        Assert.Equal(Sum([1.50m]), Sum([1.5m]));
        Assert.NotEqual(Sum([1.5m]), Sum([1.5]));
    }
}
