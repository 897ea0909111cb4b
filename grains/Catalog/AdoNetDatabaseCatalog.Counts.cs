using System.Data.Common;

namespace Orleans.DynamicDb.Catalog;

/// <summary>How many databases the catalog holds in each status.</summary>
public sealed partial class AdoNetDatabaseCatalog
{
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await StartAsync(CancellationToken.None).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, "SELECT status, COUNT(*) FROM dyndb_databases GROUP BY status", []);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return counts;
        }
        catch (DbException e)
        {
            throw Unavailable(e);
        }
    }
}
