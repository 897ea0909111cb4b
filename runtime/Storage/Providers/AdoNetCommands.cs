using System.Data.Common;

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>
/// Runs one command on an open connection and disposes it, so the ADO.NET provider code is free of parameter and
/// disposal boilerplate (every await here, disposal included, uses ConfigureAwait(false)).
/// </summary>
internal static class AdoNetCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Runs a statement and returns the number of rows it affected.</summary>
    public static async Task<int> ExecuteAsync(this DbConnection connection, string sql, Action<DbCommand> bind, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        var command = connection.Command(sql, transaction);
        await using (command.ConfigureAwait(false))
        {
            bind(command);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a query and maps every row it returns.</summary>
    public static async Task<List<T>> QueryAsync<T>(this DbConnection connection, string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        var command = connection.Command(sql, transaction);
        await using (command.ConfigureAwait(false))
        {
            bind(command);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(map(reader));
                }

                return rows;
            }
        }
    }

    /// <summary>A statement that binds nothing.</summary>
    public static void NoParameters(DbCommand command)
    {
    }
}
