using System.Collections;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// How many connection-pool groups Microsoft.Data.Sqlite (6.0) holds: one per connection string ever opened with
/// pooling, kept after its pool was cleared until its prune timer (first run 4 minutes after the first pool, then every
/// 30 s) removes idle groups. Read by reflection, as the library does not expose it; -1 when its shape differs.
/// </summary>
internal static class SqlitePoolGroups
{
    public static int Count()
    {
        var factory = typeof(SqliteConnection).Assembly.GetType("Microsoft.Data.Sqlite.SqliteConnectionFactory");
        var instance = factory?.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).FirstOrDefault(f => f.FieldType == factory)?.GetValue(null);
        var groups = factory?.GetField("_poolGroups", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(instance);
        return groups is ICollection collection ? collection.Count : -1;
    }
}
