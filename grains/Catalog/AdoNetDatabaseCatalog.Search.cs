using System.Data.Common;
using System.Text;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Catalog;

/// <summary>
/// <see cref="IDatabaseCatalogSearch"/> in one query per page: keyset paging on the primary key (app, database_name), so a
/// page costs the same at the start and the end of ten thousands of rows; the latest activation is joined by its key.
/// </summary>
public sealed partial class AdoNetDatabaseCatalog : IDatabaseCatalogSearch
{
    public async Task<DatabaseSearchPage> SearchAsync(DatabaseSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentOutOfRangeException.ThrowIfLessThan(search.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(search.Limit, DatabaseSearch.MaxLimit);
        var sql = new StringBuilder("""
            SELECT d.app, d.database_name, d.engine, d.status, d.created_at_ms, d.last_activity_ms, d.hibernation_timeout_ms,
                   d.engine_group, d.engine_epoch, a.woke_at_ms, a.silo
            FROM dyndb_databases d
            LEFT JOIN dyndb_activations a ON a.app = d.app AND a.database_name = d.database_name AND a.epoch = d.activation_epoch
            WHERE 1 = 1
            """);
        var parameters = new List<(string Name, object? Value)> { ("limit", search.Limit + 1) };
        if (search.Status is { Length: > 0 } status)
        {
            sql.Append(" AND d.status = @status");
            parameters.Add(("status", status));
        }
        else
        {
            sql.Append(" AND d.status <> @dropped");
            parameters.Add(("dropped", DatabaseStatus.Dropped));
        }

        if (search.After is { Length: > 0 } after)
        {
            var slash = after.IndexOf('/', StringComparison.Ordinal);
            var (afterApp, afterDatabase) = slash < 0 ? (after, string.Empty) : (after[..slash], after[(slash + 1)..]);
            sql.Append(" AND (d.app > @after_app OR (d.app = @after_app AND d.database_name > @after_db))");
            parameters.Add(("after_app", afterApp));
            parameters.Add(("after_db", afterDatabase));
        }

        if (search.Text is { Length: > 0 } text)
        {
            sql.Append(" AND lower(d.app || '/' || d.database_name) LIKE @pattern ESCAPE '!'");
            parameters.Add(("pattern", "%" + EscapeLike(text.ToLowerInvariant()) + "%"));
        }

        sql.Append(" ORDER BY d.app, d.database_name LIMIT @limit");
        try
        {
            await StartAsync(CancellationToken.None).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, sql.ToString(), [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<DatabaseSearchRow>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(Row(reader));
            }

            if (rows.Count <= search.Limit)
            {
                return new DatabaseSearchPage(rows, null);
            }

            rows.RemoveAt(rows.Count - 1);
            return new DatabaseSearchPage(rows, rows[^1].Info.App + "/" + rows[^1].Info.Database);
        }
        catch (DbException e)
        {
            throw Unavailable(e);
        }
    }

    private static DatabaseSearchRow Row(DbDataReader reader) => new(
        new DatabaseInfo(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            reader.IsDBNull(6) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(6)),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetInt64(8)),
        reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
        reader.IsDBNull(10) ? null : reader.GetString(10));

    private static string EscapeLike(string text) =>
        text.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal);
}
