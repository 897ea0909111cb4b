using System.Text;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

public sealed class TenantRoleNameTests
{
    [Fact]
    public void Role_names_fit_postgresql_identifiers_even_for_the_longest_database_names()
    {
        var longest = DatabaseName.Create(new string('a', 31), new string('b', 31));

        var role = TenantRoles.RoleName(longest.FullName);

        Assert.Equal(63, longest.FullName.Length);
        Assert.True(Encoding.UTF8.GetByteCount(role) <= 63, role);
        Assert.Matches("^dyndb_[a-z0-9_]+_[0-9a-f]{16}$", role);
    }

    [Fact]
    public void Names_that_share_their_first_forty_characters_get_different_roles()
    {
        var prefix = new string('a', 40);

        var first = TenantRoles.RoleName(DatabaseName.Create(prefix[..20], prefix[20..] + "x1").FullName);
        var second = TenantRoles.RoleName(DatabaseName.Create(prefix[..20], prefix[20..] + "x2").FullName);

        Assert.NotEqual(first, second);
        Assert.Equal(first[..46], second[..46]);
    }

    [Fact]
    public void Short_names_stay_readable_in_their_role()
    {
        Assert.StartsWith("dyndb_shop_orders_", TenantRoles.RoleName(DatabaseName.Create("shop", "orders").FullName), StringComparison.Ordinal);
    }
}
