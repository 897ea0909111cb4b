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

    /// <summary>
    /// The type of an engine's column type name (PostgreSQL's <c>integer</c>, <c>timestamp with time zone</c>...; SQLite's
    /// declared <c>BIGINT</c>, <c>BOOLEAN</c>...), or null when the frontend does not send that type (the values decide).
    /// </summary>
    public static int? FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var bare = name.Trim().ToLowerInvariant();
        var parenthesis = bare.IndexOf('(', StringComparison.Ordinal);
        if (parenthesis > 0)
        {
            bare = bare[..parenthesis].TrimEnd();
        }

        return bare switch
        {
            "smallint" or "int2" => Int2,
            "integer" or "int" or "int4" => Int4,
            "bigint" or "int8" => Int8,
            "real" or "float4" => Float4,
            "double precision" or "float8" or "double" => Float8,
            "boolean" or "bool" => Bool,
            "numeric" or "decimal" => Numeric,
            "bytea" => Bytea,
            "text" => Text,
            "character varying" or "varchar" => Varchar,
            "character" or "char" or "bpchar" => Bpchar,
            "uuid" => Uuid,
            "date" => Date,
            "timestamp without time zone" or "timestamp" => Timestamp,
            "timestamp with time zone" or "timestamptz" => TimestampTz,
            "json" => Json,
            "jsonb" => Jsonb,
            _ => null,
        };
    }

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
