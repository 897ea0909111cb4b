using System.Data.Common;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Grains.Tests.Catalog;

/// <summary>
/// The operators' search over the catalog (<see cref="IDatabaseCatalogSearch"/>) on either store, with ten thousand
/// rows: keyset pages in key order without gaps or repeats, a case-insensitive substring filter that treats LIKE
/// wildcards literally, the latest wake joined in, dropped databases left out.
/// </summary>
public abstract class CatalogSearchContract
{
    private const int Apps = 10;
    private const int PerApp = 1000;
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    /// <summary>A fresh, started catalog and a way to open its store for the bulk load.</summary>
    protected abstract Task<(AdoNetDatabaseCatalog Catalog, Func<DbConnection> Open)> NewCatalogAsync();

    [Fact]
    public async Task Pages_walk_ten_thousand_databases_in_key_order_without_gaps_or_repeats()
    {
        var (catalog, open) = await NewCatalogAsync();
        using var _ = catalog;
        await LoadAsync(open);

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await catalog.SearchAsync(new DatabaseSearch(null, after, 500));
            seen.AddRange(page.Rows.Select(r => r.Info.App + "/" + r.Info.Database));
            after = page.Next;
            pages++;
            Assert.True(pages <= 21, "The pages never end.");
        }
        while (after is not null);

        Assert.Equal(Apps * PerApp, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(20, pages);
    }

    [Fact]
    public async Task Search_finds_part_of_a_name_in_any_case_and_takes_wildcards_literally()
    {
        var (catalog, open) = await NewCatalogAsync();
        using var _ = catalog;
        await LoadAsync(open);
        await catalog.UpsertAsync(new DatabaseInfo("app03", "odd_%name", "sqlite", DatabaseStatus.Hibernated, At, At, null));

        var byNumber = await catalog.SearchAsync(new DatabaseSearch("APP07/DB00042", null, 50));
        var wildcard = await catalog.SearchAsync(new DatabaseSearch("_%", null, 50));
        var prefix = await catalog.SearchAsync(new DatabaseSearch("app02/db0090", null, 5));
        var next = await catalog.SearchAsync(new DatabaseSearch("app02/db0090", prefix.Next, 50));

        Assert.Equal(["app07/db00042"], byNumber.Rows.Select(r => r.Info.App + "/" + r.Info.Database));
        Assert.Null(byNumber.Next);
        Assert.Equal(["app03/odd_%name"], wildcard.Rows.Select(r => r.Info.App + "/" + r.Info.Database));
        Assert.Equal(5, prefix.Rows.Count);
        Assert.Equal("app02/db00904", prefix.Next);
        Assert.Equal(5, next.Rows.Count);
        Assert.Null(next.Next);
    }

    [Fact]
    public async Task A_row_carries_its_latest_wake_and_dropped_databases_are_left_out_unless_asked_for()
    {
        var (catalog, open) = await NewCatalogAsync();
        using var _ = catalog;
        await catalog.UpsertAsync(new DatabaseInfo("shop", "orders", "sqlite", DatabaseStatus.Hibernated, At, At, null));
        await catalog.UpsertAsync(new DatabaseInfo("shop", "gone", "sqlite", DatabaseStatus.Dropped, At, At, null));
        await catalog.ClaimActivationAsync("shop", "orders", "act-1", "silo-a", At.AddMinutes(1));
        await catalog.ClaimActivationAsync("shop", "orders", "act-2", "silo-b", At.AddMinutes(2));

        var all = await catalog.SearchAsync(new DatabaseSearch(null, null, 50));
        var dropped = await catalog.SearchAsync(new DatabaseSearch(null, null, 50, DatabaseStatus.Dropped));

        var row = Assert.Single(all.Rows);
        Assert.Equal(DatabaseStatus.Active, row.Info.Status);
        Assert.Equal(At.AddMinutes(2), row.WokeAt);
        Assert.Equal("silo-b", row.Silo);
        Assert.Equal("gone", Assert.Single(dropped.Rows).Info.Database);
    }

    /// <summary>Inserts ten apps of a thousand databases each in one transaction.</summary>
    private static async Task LoadAsync(Func<DbConnection> open)
    {
        await using var connection = open();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO dyndb_databases (app, database_name, engine, status, created_at_ms, last_activity_ms) VALUES (@app, @db, 'sqlite', 'hibernated', @at, @at)";
        var app = Parameter(command, "app");
        var db = Parameter(command, "db");
        Parameter(command, "at").Value = At.ToUnixTimeMilliseconds();
        for (var a = 0; a < Apps; a++)
        {
            for (var d = 0; d < PerApp; d++)
            {
                app.Value = $"app{a:D2}";
                db.Value = $"db{d:D5}";
                await command.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
