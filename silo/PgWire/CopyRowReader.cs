using System.Text;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>One row of COPY FROM STDIN: its line number (for errors) and its field values (text or null).</summary>
/// <param name="Line">The 1-based line (record) number in the client's data.</param>
/// <param name="Values">One value per column.</param>
internal readonly record struct CopyRow(long Line, object?[] Values);

/// <summary>
/// Turns the bytes of CopyData messages into rows as they arrive (a row may span messages), in PostgreSQL's text format
/// (delimiter, <c>\N</c> null, backslash escapes, the <c>\.</c> end marker) or CSV (quotes, header). Holds at most one
/// unfinished record, so memory stays bounded by the longest row, itself capped by <c>maxRecordChars</c>.
/// </summary>
internal sealed class CopyRowReader(CopyFormat format, string table, IReadOnlyList<string> columns, int maxRecordChars)
{
    private readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
    private readonly StringBuilder _record = new();
    private char[] _chars = new char[8192];
    private bool _inQuotes;
    private bool _escaped;
    private bool _ended;

    /// <summary>The number of the line being read (1-based).</summary>
    public long Line { get; private set; } = 1;

    /// <summary>Reads <paramref name="data"/>, adding each row it completes to <paramref name="rows"/>.</summary>
    public void Feed(ReadOnlySpan<byte> data, List<CopyRow> rows)
    {
        int count;
        try
        {
            var needed = _decoder.GetCharCount(data, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[needed];
            }

            count = _decoder.GetChars(data, _chars, flush: false);
        }
        catch (DecoderFallbackException)
        {
            throw Error("22021", "invalid byte sequence for encoding \"UTF8\"");
        }

        foreach (var c in _chars.AsSpan(0, count))
        {
            if (_ended)
            {
                return;
            }

            if (c == '\n' && !_inQuotes)
            {
                EndRecord(rows);
                continue;
            }

            if (format.Csv)
            {
                TrackQuotes(c);
            }

            _record.Append(c);
            if (_record.Length > maxRecordChars)
            {
                throw Error(PgSqlState.ProgramLimitExceeded, $"a COPY line is longer than {maxRecordChars} characters ({PgWireOptions.Setting(nameof(PgWireOptions.MaxMessageSize))})");
            }
        }
    }

    /// <summary>Ends the data (CopyDone): a last line without a newline is a row too.</summary>
    public void Finish(List<CopyRow> rows)
    {
        if (_inQuotes)
        {
            throw Error(PgSqlState.BadCopyFileFormat, "unterminated CSV quoted field");
        }

        if (!_ended && _record.Length > 0)
        {
            EndRecord(rows);
        }
    }

    /// <summary>An error about the line being read, naming the table and line as PostgreSQL's context does.</summary>
    public PgWireException Error(string sqlState, string message) => new(sqlState, $"{message} (COPY {table}, line {Line})");

    private void TrackQuotes(char c)
    {
        if (_inQuotes && _escaped)
        {
            _escaped = false;
            if (c == format.Quote)
            {
                return;
            }
        }

        if (_inQuotes && c == format.Escape && format.Escape != format.Quote)
        {
            _escaped = true;
        }
        else if (c == format.Quote)
        {
            _inQuotes = !_inQuotes;
        }
    }

    private void EndRecord(List<CopyRow> rows)
    {
        if (_record.Length > 0 && _record[^1] == '\r')
        {
            _record.Length--;
        }

        var text = _record.ToString();
        _record.Clear();
        if (text == "\\.")
        {
            _ended = true;
            return;
        }

        if (!(format.Csv && format.Header && Line == 1))
        {
            var fields = format.Csv ? CopyFields.Csv(text, format) : CopyFields.Text(text, format, this);
            if (fields.Count > columns.Count)
            {
                throw Error(PgSqlState.BadCopyFileFormat, "extra data after last expected column");
            }

            if (fields.Count < columns.Count)
            {
                throw Error(PgSqlState.BadCopyFileFormat, $"missing data for column \"{columns[fields.Count]}\"");
            }

            rows.Add(new CopyRow(Line, [.. fields]));
        }

        Line++;
    }
}
