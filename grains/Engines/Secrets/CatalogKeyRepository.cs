using System.Data.Common;
using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Secrets;

/// <summary>
/// The Data Protection key ring kept in the catalog database, table <see cref="TableName"/> (<c>name</c>: the key's file
/// name, <c>xml</c>: the key element, <c>created</c>: when it was stored, Unix milliseconds), on SQLite or PostgreSQL. The
/// silos that share a PostgreSQL catalog share this ring, so a credential one silo encrypted (a tenant role's password, a
/// group's superuser password in grain state) decrypts on every other. The table is created when missing (on PostgreSQL
/// under the catalog's schema lock, so silos that start together do not race). Rows are only ever added: Data Protection
/// rotates by adding keys and keeps the old ones to read older secrets.
/// </summary>
internal sealed class CatalogKeyRepository : IXmlRepository
{
    /// <summary>The table of the keys.</summary>
    public const string TableName = "dyndb_data_protection_keys";

    /// <summary>How the ring is named in messages and the audit log.</summary>
    public const string Description = $"{TableName} (catalog database)";

    /// <summary>The advisory lock key of the catalog's schema step on PostgreSQL (the same as <c>CatalogSchema</c>'s).</summary>
    private const long PostgresLockKey = 0x6479_6E64_6263_6174;

    private const string Create = $"""
        CREATE TABLE IF NOT EXISTS {TableName} (
            name TEXT NOT NULL PRIMARY KEY,
            xml TEXT NOT NULL,
            created BIGINT NOT NULL)
        """;

    private readonly bool _sqlite;
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private bool _created;

    /// <summary>The ring in the catalog database <paramref name="connectionString"/> of provider <paramref name="invariant"/> (<c>Microsoft.Data.Sqlite</c> or <c>Npgsql</c>).</summary>
    public CatalogKeyRepository(string invariant, string connectionString, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _sqlite = invariant switch
        {
            "Microsoft.Data.Sqlite" => true,
            "Npgsql" => false,
            _ => throw new ArgumentException($"Catalog invariant '{invariant}' is not supported: use 'Microsoft.Data.Sqlite' or 'Npgsql'.", nameof(invariant)),
        };
        _connectionString = _sqlite ? new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 }.ToString() : connectionString;
        _time = time ?? TimeProvider.System;
    }

    public IReadOnlyCollection<XElement> GetAllElements() => Run(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT xml FROM {TableName} ORDER BY created, name";
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    });

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        Run(connection => Insert(connection, string.IsNullOrEmpty(friendlyName) ? "key-" + Guid.NewGuid().ToString("D") : friendlyName, element.ToString(SaveOptions.DisableFormatting)));
    }

    /// <summary>
    /// Copies into the table the keys of a folder ring (<c>key-*.xml</c>) that it does not hold yet, so that credentials an
    /// earlier version encrypted with that folder still decrypt once the ring moves to the catalog. Returns how many were added.
    /// </summary>
    public int ImportDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var files = Directory.GetFiles(directory, "key-*.xml").Order(StringComparer.Ordinal).ToList();
        return files.Count == 0
            ? 0
            : Run(connection => files.Sum(file => Insert(connection, Path.GetFileNameWithoutExtension(file), XElement.Load(file).ToString(SaveOptions.DisableFormatting))));
    }

    private int Insert(DbConnection connection, string name, string xml)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {TableName} (name, xml, created) VALUES (@name, @xml, @created) ON CONFLICT (name) DO NOTHING";
        Add(command, "name", name);
        Add(command, "xml", xml);
        Add(command, "created", _time.GetUtcNow().ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    private T Run<T>(Func<DbConnection, T> work)
    {
        try
        {
            using DbConnection connection = _sqlite ? new SqliteConnection(_connectionString) : new NpgsqlConnection(_connectionString);
            connection.Open();
            EnsureTable(connection);
            return work(connection);
        }
        catch (DbException e)
        {
            throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                $"The Data Protection key ring in the catalog database (table {TableName}) is unavailable: {e.Message}", isTransient: true, e);
        }
    }

    private void EnsureTable(DbConnection connection)
    {
        lock (_lock)
        {
            if (_created)
            {
                return;
            }

            using var transaction = connection.BeginTransaction();
            if (!_sqlite)
            {
                Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({PostgresLockKey})"));
            }

            Execute(connection, transaction, Create);
            transaction.Commit();
            _created = true;
        }
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
