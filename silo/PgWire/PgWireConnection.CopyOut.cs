using System.Text;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>COPY TO STDOUT: the rows of a table or query as CopyData lines in text or CSV format.</summary>
internal sealed partial class PgWireConnection
{
    private async Task<string> CopyToAsync(CopyCommand command, CancellationToken stopping)
    {
        var sql = command.Query
            ?? $"SELECT {(command.Columns.Count > 0 ? string.Join(", ", command.Columns) : "*")} FROM {command.Table}";
        var result = await QueryAsync(PgStatement.Of(sql), [], stopping).ConfigureAwait(false);
        var format = command.Format;
        _writer.Start((byte)'H');
        _writer.Byte(0);
        _writer.Int16((short)result.Columns.Count);
        for (var c = 0; c < result.Columns.Count; c++)
        {
            _writer.Int16(0);
        }

        _writer.End();
        var line = new StringBuilder();
        if (format.Csv && format.Header)
        {
            CopyLine(line.AppendJoin(format.Delimiter, result.Columns.Select(n => CsvField(n, format))));
        }

        foreach (var row in result.Rows)
        {
            line.Clear();
            for (var c = 0; c < row.Count; c++)
            {
                if (c > 0)
                {
                    line.Append(format.Delimiter);
                }

                var text = row[c] is { } value ? PgValueWriter.Text(value) : null;
                line.Append(format.Csv ? (text is null ? format.Null : CsvField(text, format)) : (text is null ? format.Null : TextField(text, format)));
            }

            CopyLine(line);
            if (_writer.Pending > StatementFlushBytes)
            {
                await FlushAsync(stopping).ConfigureAwait(false);
            }
        }

        Empty((byte)'c');
        return $"COPY {result.Rows.Count}";
    }

    private void CopyLine(StringBuilder line)
    {
        _writer.Start((byte)'d');
        foreach (var chunk in line.GetChunks())
        {
            _writer.Text(chunk.Span);
        }

        _writer.Byte((byte)'\n');
        _writer.End();
    }

    private static string TextField(string text, CopyFormat format)
    {
        if (text.AsSpan().IndexOfAny(['\\', '\n', '\r', '\t', format.Delimiter]) < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == format.Delimiter => $"\\{c}",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private static string CsvField(string text, CopyFormat format)
    {
        var quote = text == format.Null || text.AsSpan().IndexOfAny([format.Delimiter, format.Quote, '\n', '\r']) >= 0;
        if (!quote)
        {
            return text;
        }

        var q = format.Quote.ToString();
        return q + text.Replace(q, format.Escape + q, StringComparison.Ordinal) + q;
    }
}
