using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>psql's catalog queries answered by the frontend (<see cref="PsqlCatalogAnswers"/>).</summary>
internal sealed partial class PgWireConnection
{
    /// <summary><c>\l</c>: the app's databases from its catalog, on every engine (never the server's other databases).</summary>
    private async Task<QueryResult> PsqlDatabaseListAsync(CancellationToken stopping)
    {
        var databases = await CallAsync(ct => _services.Grains.GetGrain<IAppCatalogGrain>(_app).ListAsync(ct), stopping).ConfigureAwait(false);
        return PsqlCatalogAnswers.DatabaseList(databases, _app);
    }

    /// <summary><c>\d</c>, <c>\dt</c>, <c>\d NAME</c> on SQLite: answered from its schema through the grain.</summary>
    private Task<QueryResult> PsqlCatalogAnswerAsync(string sql, CancellationToken stopping) =>
        PsqlCatalogAnswers.AnswerSqliteAsync(
            sql,
            (query, args) => CallAsync(ct => _grain.QueryAsync(ForSession(new Statement(query, args)), ct), stopping),
            _app);
}
