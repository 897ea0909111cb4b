using System.Data.Common;
using Orleans.DynamicDb.Switching.Policies;

namespace Orleans.DynamicDb.Catalog;

/// <summary>
/// What switching policies read of the switch history (<see cref="ISwitchHistory"/>): the hourly cap counts the switches
/// started in the last hour (<see cref="CountSinceAsync"/>), the cooldown looks at the database's last switch, counted
/// from when it was asked for (a pending request waiting for approval also holds the database in cooldown).
/// </summary>
public sealed partial class AdoNetDatabaseCatalog : ISwitchHistory
{
    public async Task<DateTimeOffset?> LastSwitchOfAsync(string app, string database, CancellationToken cancellationToken)
    {
        try
        {
            await StartAsync(CancellationToken.None).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, "SELECT MAX(created_at_ms) FROM dyndb_switches WHERE app = @app AND database_name = @db", [("app", app), ("db", database)]);
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (DbException e)
        {
            throw Unavailable(e);
        }
    }
}
