using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>A bound statement (extended protocol): its arguments, result formats and, once run, its rows and read position.</summary>
internal sealed class PgPortal(PgStatement statement, object?[] args, short[] resultFormats)
{
    public PgStatement Statement { get; } = statement;

    public object?[] Args { get; } = args;

    /// <summary>The result format codes from Bind: none (all text), one for all columns, or one per column.</summary>
    public short[] ResultFormats { get; } = resultFormats;

    /// <summary>The rows, once the statement ran.</summary>
    public QueryResult? Result { get; set; }

    /// <summary>The columns as described.</summary>
    public RowShape? Shape { get; set; }

    /// <summary>Rows already sent.</summary>
    public int Offset { get; set; }

    /// <summary>True once a statement that returns no rows ran, with its tag.</summary>
    public string? CompletedTag { get; set; }

    /// <summary>Whether column <paramref name="column"/> is sent in binary.</summary>
    public bool IsBinary(int column) => ResultFormats.Length switch
    {
        0 => false,
        1 => ResultFormats[0] == 1,
        _ => column < ResultFormats.Length && ResultFormats[column] == 1,
    };
}
