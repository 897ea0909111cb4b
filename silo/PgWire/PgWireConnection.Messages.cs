namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The backend messages a connection sends.</summary>
internal sealed partial class PgWireConnection
{
    private void ReadyForQuery()
    {
        _writer.Start((byte)'Z');
        _writer.Byte(TransactionStatus);
        _writer.End();
    }

    private void ParameterStatus(string name, string value)
    {
        _writer.Start((byte)'S');
        _writer.CString(name);
        _writer.CString(value);
        _writer.End();
    }

    private void CommandComplete(string tag)
    {
        _writer.Start((byte)'C');
        _writer.CString(tag);
        _writer.End();
    }

    private void Empty(byte type)
    {
        _writer.Start(type);
        _writer.End();
    }

    private void RowDescription(RowShape shape, PgPortal? portal)
    {
        _writer.Start((byte)'T');
        _writer.Int16((short)shape.Names.Length);
        for (var c = 0; c < shape.Names.Length; c++)
        {
            _writer.CString(shape.Names[c]);
            _writer.Int32(0);
            _writer.Int16(0);
            _writer.Int32(shape.Types[c]);
            _writer.Int16(PgType.Size(shape.Types[c]));
            _writer.Int32(-1);
            _writer.Int16(portal?.IsBinary(c) == true ? (short)1 : (short)0);
        }

        _writer.End();
    }

    private void DataRow(IReadOnlyList<object?> row, RowShape shape, PgPortal? portal)
    {
        _writer.Start((byte)'D');
        _writer.Int16((short)row.Count);
        for (var c = 0; c < row.Count; c++)
        {
            var oid = c < shape.Types.Length ? shape.Types[c] : PgType.Text;
            PgValueWriter.Write(_writer, row[c], oid, portal?.IsBinary(c) == true);
        }

        _writer.End();
    }

    private void SendError(Exception exception)
    {
        var (state, message) = PgErrors.From(exception);
        TransactionStatementFailed();
        if (exception is not PgWireException)
        {
            LogStatementFailed(_services.Logger, _app, _database.Database, state, message);
        }

        Error("ERROR", state, message);
    }

    private void Error(string severity, string sqlState, string message) => Fields((byte)'E', severity, sqlState, message);

    /// <summary>An ErrorResponse ('E') or NoticeResponse ('N'): severity (localised and not), SQLSTATE and message.</summary>
    private void Fields(byte type, string severity, string sqlState, string message)
    {
        _writer.Start(type);
        _writer.Byte((byte)'S');
        _writer.CString(severity);
        _writer.Byte((byte)'V');
        _writer.CString(severity);
        _writer.Byte((byte)'C');
        _writer.CString(sqlState);
        _writer.Byte((byte)'M');
        _writer.CString(message);
        _writer.Byte(0);
        _writer.End();
    }
}
