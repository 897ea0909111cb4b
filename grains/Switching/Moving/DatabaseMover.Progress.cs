using System.Runtime.CompilerServices;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>The copy's progress: rows counted as they are read, for a switch's live display (<c>dyndb switch</c>).</summary>
internal sealed partial class DatabaseMover
{
    /// <summary>How many rows are copied between two progress reports within a table.</summary>
    public const int ProgressRows = 1000;

    /// <summary>
    /// <paramref name="rows"/> passed on unchanged, telling <paramref name="progress"/> the total so far (the rows and bytes
    /// of the tables before, plus this table's rows) every <see cref="ProgressRows"/> rows; the rows themselves when null.
    /// </summary>
    private static IAsyncEnumerable<object?[]> Counted(IAsyncEnumerable<object?[]> rows, long rowsBefore, long bytesBefore, Action<long, long>? progress) =>
        progress is null ? rows : CountedCore(rows, rowsBefore, bytesBefore, progress);

    private static async IAsyncEnumerable<object?[]> CountedCore(
        IAsyncEnumerable<object?[]> rows, long rowsBefore, long bytesBefore, Action<long, long> progress, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long read = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row;
            if (++read % ProgressRows == 0)
            {
                progress(rowsBefore + read, bytesBefore);
            }
        }
    }
}
