using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines;

/// <summary>A <see cref="Statement"/> rewritten for one engine, with its arguments converted and counted.</summary>
internal sealed record PreparedStatement(string Sql, object?[] Args)
{
    /// <summary>True when the engine must run it read-only (<see cref="Statement.ReadOnly"/>).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Rewrites the placeholders and checks that there is exactly one argument per placeholder.</summary>
    public static PreparedStatement From(Statement statement, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var rewritten = PositionalParameterRewriter.Rewrite(statement.Sql, dialect);
        if (rewritten.ParameterCount != statement.Args.Count)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid,
                $"The statement has {rewritten.ParameterCount} '?' placeholder(s) but {statement.Args.Count} argument(s) were given.");
        }

        var args = new object?[statement.Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = EngineValues.ToArgument(statement.Args[i], i);
        }

        return new PreparedStatement(rewritten.Sql, args) { ReadOnly = statement.ReadOnly };
    }

    /// <summary>Prepares every statement of a transaction before any runs, naming the position of a bad one.</summary>
    public static PreparedStatement[] FromAll(IReadOnlyList<Statement> statements, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(statements);
        if (statements.Count == 0)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, "A transaction needs at least one statement.");
        }

        var prepared = new PreparedStatement[statements.Count];
        for (var i = 0; i < prepared.Length; i++)
        {
            try
            {
                prepared[i] = From(statements[i], dialect);
            }
            catch (DynamicDbException e)
            {
                throw AtPosition(e, i, statements.Count, rolledBack: false);
            }
        }

        return prepared;
    }

    /// <summary>The same failure, saying which statement of a transaction failed.</summary>
    public static DynamicDbException AtPosition(DynamicDbException e, int index, int count, bool rolledBack = true) =>
        StatementRefusal.Keep(e, new(e.ErrorCode,
            $"Statement {index + 1} of {count} failed{(rolledBack ? " and the transaction was rolled back" : "")}: {e.Message}",
            e.IsTransient,
            e.InnerException ?? e));
}
