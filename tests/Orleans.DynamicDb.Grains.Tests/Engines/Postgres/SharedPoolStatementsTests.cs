using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

public sealed class SharedPoolStatementsTests
{
    [Theory]
    [InlineData("SELECT abalance FROM pgbench_accounts WHERE aid = $1")]
    [InlineData("select 1")]
    [InlineData("  (SELECT 1) UNION (SELECT 2)")]
    [InlineData("-- note\n/* block */ SELECT * FROM t")]
    [InlineData("WITH x AS (SELECT 1 AS v) SELECT v FROM x")]
    [InlineData("VALUES (1), (2)")]
    [InlineData("TABLE accounts")]
    [InlineData("SHOW search_path")]
    [InlineData("SELECT 1; SELECT 2;")]
    [InlineData("SELECT current_setting('search_path'), pg_backend_pid()")]
    [InlineData("SELECT count(*) FROM generate_series(1, 10) g")]
    [InlineData("SELECT $1::int + $2, E'it''s \\' fine', $$dollar$$, $tag$quoted$tag$")]
    [InlineData("SELECT \"set\", \"into_x\" FROM \"Update_log\"")]
    [InlineData("SELECT info$1 FROM t")]
    [InlineData("SELECT pg_notify('ch', 'payload')")]
    [InlineData("SELECT data ? 'a' FROM docs")]
    public void Plain_reads_are_shared(string sql)
    {
        Assert.True(SharedPoolStatements.IsSafe(sql), sql);
    }

    [Theory]
    [InlineData("SELECT set_config('search_path', 'pg_catalog', false)")]
    [InlineData("SELECT pg_catalog.set_config('search_path', 'pg_catalog', false)")]
    [InlineData("SELECT SET_CONFIG('a.b', 'c', false)")]
    [InlineData("SELECT \"set_config\"('search_path', 'pg_catalog', false)")]
    [InlineData("SELECT pg_advisory_lock(42)")]
    [InlineData("SELECT pg_try_advisory_lock_shared(42)")]
    [InlineData("SELECT pg_advisory_xact_lock(42)")]
    [InlineData("SELECT pg_advisory_unlock_all()")]
    [InlineData("SELECT currval('s')")]
    [InlineData("SELECT lastval()")]
    [InlineData("SELECT nextval('s')")]
    [InlineData("SELECT setval('s', 1)")]
    [InlineData("SELECT * INTO copy_of FROM t")]
    [InlineData("SELECT * INTO TEMP copy_of FROM t")]
    [InlineData("SELECT * FROM pg_temp.leftover")]
    [InlineData("SELECT dblink_connect('c', 'dbname=x')")]
    [InlineData("SELECT lo_open(1, 262144)")]
    [InlineData("SELECT loread(0, 10)")]
    [InlineData("SELECT pg_sleep(1)")]
    [InlineData("SELECT pg_sleep_for('1 second')")]
    [InlineData("SELECT * FROM accounts WHERE id = 1 FOR UPDATE")]
    [InlineData("SELECT * FROM accounts WHERE id = 1 FOR NO KEY UPDATE")]
    [InlineData("SELECT * FROM accounts FOR SHARE")]
    [InlineData("SELECT pg_replication_origin_session_setup('o')")]
    [InlineData("WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone")]
    [InlineData("WITH x AS (UPDATE t SET v = 1 RETURNING v) SELECT v FROM x")]
    [InlineData("WITH x AS (INSERT INTO t VALUES (1) RETURNING v) SELECT v FROM x")]
    public void Reads_that_touch_session_state_locks_or_sleep_are_not_shared(string sql)
    {
        Assert.False(SharedPoolStatements.IsSafe(sql), sql);
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES (1)")]
    [InlineData("UPDATE accounts SET abalance = abalance + 1 WHERE aid = 1")]
    [InlineData("DELETE FROM t")]
    [InlineData("SET search_path = pg_catalog")]
    [InlineData("RESET ALL")]
    [InlineData("DISCARD ALL")]
    [InlineData("CREATE TEMP TABLE x (v int)")]
    [InlineData("CREATE TABLE x (v int)")]
    [InlineData("PREPARE p AS SELECT 1")]
    [InlineData("EXECUTE p")]
    [InlineData("DECLARE c CURSOR FOR SELECT 1")]
    [InlineData("FETCH 10 FROM c")]
    [InlineData("LISTEN ch")]
    [InlineData("NOTIFY ch")]
    [InlineData("LOCK TABLE t")]
    [InlineData("EXPLAIN ANALYZE DELETE FROM t")]
    [InlineData("COPY t TO STDOUT")]
    [InlineData("DO $$BEGIN PERFORM 1; END$$")]
    [InlineData("CALL p()")]
    [InlineData("BEGIN")]
    [InlineData("SELECT 1; SET search_path = pg_catalog")]
    [InlineData("SELECT 1; UPDATE t SET v = 1")]
    public void Other_leading_keywords_and_a_second_unsafe_statement_are_not_shared(string sql)
    {
        Assert.False(SharedPoolStatements.IsSafe(sql), sql);
    }

    [Theory]
    [InlineData("SELECT 'set_config(''search_path'', ''x'', false)'")]
    [InlineData("SELECT 1 -- then set_config, pg_sleep and INTO\n")]
    [InlineData("SELECT /* pg_advisory_lock(1) /* nested */ lastval() */ 1")]
    [InlineData("SELECT $$ SELECT set_config('a', 'b', false) $$")]
    [InlineData("SELECT $fn$ nextval('s') FOR UPDATE $fn$")]
    [InlineData("SELECT E'\\' INTO x'")]
    public void Markers_inside_strings_and_comments_do_not_count(string sql)
    {
        Assert.True(SharedPoolStatements.IsSafe(sql), sql);
    }

    [Theory]
    [InlineData("/* SELECT */ SET search_path = x")]
    [InlineData("-- SELECT\nUPDATE t SET v = 1")]
    [InlineData("'SELECT' ")]
    [InlineData("SELECT U&\"\\0073et_config\"('search_path', 'x', false)")]
    [InlineData("SELECT u&\"d\\0061ta\" FROM t")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-- SELECT only a comment")]
    [InlineData(";")]
    public void Comments_strings_and_escapes_cannot_hide_an_unsafe_statement(string sql)
    {
        Assert.False(SharedPoolStatements.IsSafe(sql), sql);
    }

    [Theory]
    [InlineData(Tier.High, true)]
    [InlineData(Tier.Medium, true)]
    [InlineData(Tier.Low, false)]
    [InlineData(Tier.Background, false)]
    public void Only_the_high_and_medium_tiers_use_the_shared_pool(Tier tier, bool shared)
    {
        Assert.Equal(shared, SharedPoolStatements.CanShare("SELECT 1", tier));
        Assert.False(SharedPoolStatements.CanShare("SELECT pg_sleep(1)", tier));
    }
}
