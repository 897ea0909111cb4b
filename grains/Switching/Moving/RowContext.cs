using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>Where a value comes from, for the message when it does not fit: table, column, and the row's key.</summary>
internal readonly record struct RowContext(TableMove Table, int Column, Func<string> Key)
{
    /// <summary>The <c>switch.refused</c> error for <paramref name="value"/>.</summary>
    public DynamicDbException DoesNotFit(object value)
    {
        var column = Table.Columns[Column];
        return new DynamicDbException(ErrorCodes.SwitchRefused,
            $"Table '{Table.Name}', column '{column.Name}', row with key {Key()}: the value {MoveValues.Describe(value)} does not fit the column's type " +
            $"({column.SourceType} to {column.TargetType}); fix the value or the column type, then switch again. Nothing was changed on the source.");
    }
}
