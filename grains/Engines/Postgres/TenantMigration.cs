using Npgsql;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// Moves the ownership of everything a tenant created in its database to the database's tenant role: schemas, tables
/// (partitions included), views, materialized views, foreign tables, standalone sequences (sequences owned by a column
/// follow their table), composite, enum, range and domain types, functions, procedures, aggregates and large objects.
/// Objects of extensions and of the system schemas are left alone. Idempotent: objects the role owns already are skipped.
/// </summary>
internal static class TenantMigration
{
    private const string Move = """
        DO $migrate$
        DECLARE
            target name := current_setting('dyndb.tenant_role');
            target_oid oid := (SELECT oid FROM pg_roles WHERE rolname = current_setting('dyndb.tenant_role'));
            item record;
            moved int := 0;
        BEGIN
            FOR item IN
                SELECT n.nspname FROM pg_namespace n
                WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                  AND n.nspowner NOT IN (target_oid, 'pg_database_owner'::regrole)
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
            LOOP
                EXECUTE format('ALTER SCHEMA %I OWNER TO %I', item.nspname, target);
                moved := moved + 1;
            END LOOP;

            FOR item IN
                SELECT c.oid::regclass AS object, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                  AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c') AND c.relowner <> target_oid
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                  AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
            LOOP
                EXECUTE format('ALTER %s %s OWNER TO %I',
                    CASE item.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                      WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END,
                    item.object, target);
                moved := moved + 1;
            END LOOP;

            FOR item IN
                SELECT t.oid::regtype AS object, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                  AND t.typtype IN ('d', 'e', 'r') AND t.typowner <> target_oid
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
            LOOP
                EXECUTE format('ALTER %s %s OWNER TO %I', CASE item.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, item.object, target);
                moved := moved + 1;
            END LOOP;

            FOR item IN
                SELECT p.oid::regprocedure AS object, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' AND p.proowner <> target_oid
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            LOOP
                EXECUTE format('ALTER %s %s OWNER TO %I',
                    CASE item.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, item.object, target);
                moved := moved + 1;
            END LOOP;

            FOR item IN SELECT m.oid FROM pg_largeobject_metadata m WHERE m.lomowner <> target_oid
            LOOP
                EXECUTE format('ALTER LARGE OBJECT %s OWNER TO %I', item.oid, target);
                moved := moved + 1;
            END LOOP;

            PERFORM set_config('dyndb.moved', moved::text, true);
        END
        $migrate$;
        """;

    /// <summary>Moves the objects in one transaction, as the administrative role connected to the database; returns how many moved.</summary>
    public static async Task<int> MoveObjectsAsync(string serverConnectionString, string database, string role, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await using var connectionScope = connection.ConfigureAwait(false);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        using (var setRole = new NpgsqlCommand("SELECT set_config('dyndb.tenant_role', $1, true)", connection, transaction))
        {
            setRole.Parameters.Add(new NpgsqlParameter { Value = role });
            await setRole.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var move = new NpgsqlCommand(Move, connection, transaction))
        {
            await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var count = new NpgsqlCommand("SELECT current_setting('dyndb.moved')::int", connection, transaction);
        var moved = (int)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return moved;
    }
}
