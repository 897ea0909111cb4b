using System.Runtime.CompilerServices;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>Running statements: each through the database's grain (ExecAsync or QueryAsync), or answered by the frontend.</summary>
internal sealed partial class PgWireConnection
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SimpleQueryAsync(CancellationToken stopping)
    {
        var sql = new PayloadReader(_reader.Payload, "Query").CString();
        _portals.Remove("");
        var parts = SqlScanner.Split(sql);
        if (parts.Count == 0)
        {
            Empty((byte)'I');
        }

        foreach (var part in parts)
        {
            try
            {
                await RunPortalAsync(new PgPortal(PgStatement.Of(part), [], []), maxRows: 0, describe: true, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (IsStatementError(e))
            {
                SendError(e);
                break;
            }
        }

        ReadyForQuery();
        await FlushAsync(stopping).ConfigureAwait(false);
    }

    /// <summary>Runs (or goes on reading) a portal: at most <paramref name="maxRows"/> rows (0: all), with a RowDescription first when <paramref name="describe"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunPortalAsync(PgPortal portal, int maxRows, bool describe, CancellationToken stopping)
    {
        var statement = portal.Statement;
        if (statement.Kind is not (StatementKind.Empty or StatementKind.Transaction))
        {
            ThrowIfFailed();
        }

        switch (statement.Kind)
        {
            case StatementKind.Empty:
                Empty((byte)'I');
                return;
            case StatementKind.Transaction:
                portal.CompletedTag ??= await TransactionControlAsync(statement, stopping).ConfigureAwait(false);
                CommandComplete(portal.CompletedTag);
                return;
            case StatementKind.Copy:
                portal.CompletedTag ??= await CopyAsync(statement, stopping).ConfigureAwait(false);
                CommandComplete(portal.CompletedTag);
                return;
            case StatementKind.Set:
                CommandComplete(ApplySet(statement.Text));
                return;
            case StatementKind.Exec:
                portal.CompletedTag ??= await ExecAsync(statement, portal.Args, stopping).ConfigureAwait(false);
                CommandComplete(portal.CompletedTag);
                return;
            default:
                if (portal.Result is null)
                {
                    // EnsureResultAsync inlined: one async frame less per query.
                    SetResult(portal, statement.Kind == StatementKind.Show ? Show(statement.Text) : await QueryAsync(statement, portal.Args, stopping).ConfigureAwait(false));
                }

                if (describe)
                {
                    RowDescription(portal.Shape!, portal);
                }

                await SendRowsAsync(portal, maxRows, stopping).ConfigureAwait(false);
                return;
        }
    }

    private async Task SendRowsAsync(PgPortal portal, int maxRows, CancellationToken stopping)
    {
        var rows = portal.Result!.Rows;
        var shape = portal.Shape!;
        var end = maxRows > 0 ? (int)Math.Min(rows.Count, (long)portal.Offset + maxRows) : rows.Count;
        for (var i = portal.Offset; i < end; i++)
        {
            DataRow(rows[i], shape, portal);
            if (_writer.Pending > StatementFlushBytes)
            {
                await FlushAsync(stopping).ConfigureAwait(false);
            }
        }

        var sent = end - portal.Offset;
        portal.Offset = end;
        if (end < rows.Count)
        {
            Empty((byte)'s');
        }
        else
        {
            CommandComplete(portal.Statement.Kind == StatementKind.Show ? "SHOW" : portal.Statement.Tag(sent));
        }
    }

    /// <summary>Runs a row-returning portal once and keeps its rows; the shape is the statement's described one when it has one.</summary>
    private async Task EnsureResultAsync(PgPortal portal, CancellationToken stopping)
    {
        if (portal.Result is not null)
        {
            return;
        }

        var statement = portal.Statement;
        SetResult(portal, statement.Kind == StatementKind.Show
            ? Show(statement.Text)
            : await QueryAsync(statement, portal.Args, stopping).ConfigureAwait(false));
    }

    /// <summary>Keeps a portal's rows; the shape is the statement's described one when it has one.</summary>
    private static void SetResult(PgPortal portal, QueryResult result)
    {
        portal.Result = result;
        portal.Shape = portal.Statement.Described is { } described && described.Names.Length == result.Columns.Count
            ? described
            : RowShape.Of(result);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<QueryResult> QueryAsync(PgStatement statement, object?[] args, CancellationToken stopping)
    {
        if (PsqlCatalogAnswers.IsDatabaseList(statement.Text))
        {
            return await PsqlDatabaseListAsync(stopping).ConfigureAwait(false);
        }

        try
        {
            var sql = SessionStatement(statement.Translation.Sql, args);
            if (statement.Kind == StatementKind.WriteReturning)
            {
                return await WriteReturningAsync(sql, stopping).ConfigureAwait(false);
            }

            return await QueryCallAsync(sql, stopping).ConfigureAwait(false);
        }
        catch (DynamicDbException e) when (_transactionId is null && CompatAnswers.TryAnswer(statement.Text, _database, _app) is { } answer)
        {
            // The engine has no such function (SQLite and version(), current_database()...): the frontend answers.
            _ = e;
            return answer;
        }
        catch (DynamicDbException e) when (e.SqlState is null && PsqlCatalogAnswers.ReadsCatalog(statement.Text))
        {
            // An engine without pg_catalog (SQLite): psql's describe queries are answered from its own schema.
            return await PsqlCatalogAnswerAsync(statement.Text, stopping).ConfigureAwait(false);
        }
    }

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken stopping)
    {
        var running = StartRunning(stopping);
        try
        {
            return await TrackAsync(call, running.Token).ConfigureAwait(false);
        }
        finally
        {
            EndRunning(running);
        }
    }

    /// <summary>
    /// The source a cancel request (<see cref="CancelRunning"/>) cancels, linked to <paramref name="stopping"/>: the one
    /// kept from the last statement when it was not cancelled (statements of a connection run one at a time), else a new one.
    /// </summary>
    private CancellationTokenSource StartRunning(CancellationToken stopping)
    {
        var running = _idleRunning;
        _idleRunning = null;
        if (running is null || running.IsCancellationRequested || _idleRunningLinkedTo != stopping)
        {
            running?.Dispose();
            running = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _idleRunningLinkedTo = stopping;
        }

        Volatile.Write(ref _running, running);
        return running;
    }

    /// <summary>The statement ended: its source is reset and kept for the next one, or let go when it was cancelled.</summary>
    private void EndRunning(CancellationTokenSource running)
    {
        Volatile.Write(ref _running, null);
        if (running.TryReset())
        {
            _idleRunning = running;
        }
        else
        {
            running.Dispose();
        }
    }

    private string ApplySet(string text)
    {
        var command = SetCommand.Parse(text);
        switch (command.Verb)
        {
            case "SET" when command.Name is { } name:
                var canonical = PgSettings.Canonical(name);
                if (canonical == "client_encoding" && command.Value is { } encoding
                    && !encoding.Replace("-", "", StringComparison.Ordinal).Equals("UTF8", StringComparison.OrdinalIgnoreCase)
                    && !encoding.Equals("UNICODE", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PgWireException("22023", $"client_encoding \"{encoding}\" is not supported: this frontend speaks UTF8 only");
                }

                if (command.Value is null)
                {
                    _settings.Remove(canonical);
                }
                else
                {
                    _settings[canonical] = command.Value;
                }

                Report(canonical);
                SessionSettingsChanged();
                return "SET";
            case "RESET" when command.Name is { } name:
                _settings.Remove(PgSettings.Canonical(name));
                Report(PgSettings.Canonical(name));
                SessionSettingsChanged();
                return "RESET";
            case "RESET":
                _settings.Clear();
                SessionSettingsChanged();
                return "RESET";
            default:
                _settings.Clear();
                SessionSettingsChanged();
                return "DISCARD ALL";
        }

        void Report(string name)
        {
            if (PgSettings.IsReported(name))
            {
                ParameterStatus(name, PgSettings.Get(_settings, name) ?? "");
            }
        }
    }

    private QueryResult Show(string text)
    {
        var command = SetCommand.Parse(text);
        if (command.Name is null)
        {
            var all = new[] { "server_version", "server_encoding", "client_encoding", "DateStyle", "TimeZone", "application_name", "search_path", "transaction_isolation" };
            return new QueryResult(["name", "setting"], [.. all.Select(n => (IReadOnlyList<object?>)[n, PgSettings.Get(_settings, n)])]);
        }

        var value = PgSettings.Get(_settings, command.Name)
            ?? throw new PgWireException(PgSqlState.UndefinedObject, $"unrecognized configuration parameter \"{command.Name}\"");
        return new QueryResult([command.Name.ToLowerInvariant()], [[value]]);
    }

    /// <summary>A new statement as this session may run it (<see cref="ForSession"/> without a second copy).</summary>
    private Statement SessionStatement(string sql, object?[] args) =>
        new(sql, args) { ReadOnly = _readOnly || _describing, Tier = SessionTier, SessionId = SessionId };

    /// <summary>The statement as this session may run it: read-only when the session's key is, stamped with the session's id and tier (one copy at most).</summary>
    private Statement ForSession(Statement statement)
    {
        var readOnly = statement.ReadOnly || _readOnly || _describing;
        var tier = SessionTier;
        var id = SessionId;
        return readOnly == statement.ReadOnly && tier == statement.Tier && id == statement.SessionId
            ? statement
            : statement with { ReadOnly = readOnly, Tier = tier, SessionId = id };
    }
}
