namespace Orleans.DynamicDb.Browser.Tests.Ui;

/// <summary>The browser tests share one silo, its PostgreSQL servers and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
