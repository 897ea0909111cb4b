using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.DynamicDb.Databases;

/// <summary>Registers databases on demand: engines, the catalog, options and the orphaned-data check.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Adds the database layer. <paramref name="dataDirectory"/> is the silo's data directory: the embedded SQLite engine
    /// keeps one folder per database there, relative engine folders are resolved against it, and the catalog defaults to
    /// a SQLite file in its <c>silo/</c> folder.
    /// </summary>
    public static IServiceCollection AddDynamicDbDatabases(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        throw new NotImplementedException("Landing shortly on main.");
    }
}
