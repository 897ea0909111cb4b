using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

public sealed class SqliteLiteralsTests
{
    [Fact]
    public void Sqlite_literals_of_change_images_read_back_exactly()
    {
        var values = SqliteLiterals.Parse("NULL,-42,0.30000000000000004,'it''s, here',X'00FF',9.0e+999");

        Assert.Equal<object?>([null, -42L, 0.1 + 0.2, "it's, here", new byte[] { 0, 255 }, double.PositiveInfinity], values);
    }
}
