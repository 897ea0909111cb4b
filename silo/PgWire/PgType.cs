namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The PostgreSQL type OIDs the frontend reads and writes (pg_type.oid).</summary>
internal static class PgType
{
    public const int Unspecified = 0;
    public const int Bool = 16;
    public const int Bytea = 17;
    public const int Int8 = 20;
    public const int Int2 = 21;
    public const int Int4 = 23;
    public const int Text = 25;
    public const int Oid = 26;
    public const int Json = 114;
    public const int Float4 = 700;
    public const int Float8 = 701;
    public const int Unknown = 705;
    public const int Varchar = 1043;
    public const int Bpchar = 1042;
    public const int Date = 1082;
    public const int Timestamp = 1114;
    public const int TimestampTz = 1184;
    public const int Numeric = 1700;
    public const int Uuid = 2950;
    public const int Jsonb = 3802;

    /// <summary>The type a result value is described as: its CLR type's PostgreSQL counterpart, text for anything else.</summary>
    public static int Of(object? value) => value switch
    {
        long or int or short => Int8,
        double or float => Float8,
        decimal => Numeric,
        bool => Bool,
        byte[] => Bytea,
        _ => Text,
    };

    /// <summary>The fixed size of a type (typlen), -1 for variable-length ones.</summary>
    public static short Size(int oid) => oid switch
    {
        Bool => 1,
        Int2 => 2,
        Int4 or Float4 or Date => 4,
        Int8 or Float8 or Timestamp or TimestampTz => 8,
        Uuid => 16,
        _ => -1,
    };
}
