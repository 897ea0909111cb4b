namespace Orleans.DynamicDb.Engines;

/// <summary>The SQL lexical rules a <see cref="PositionalParameterRewriter"/> follows.</summary>
internal enum SqlDialect
{
    /// <summary>'..' (E'..' with backslash escapes), "..", $tag$..$tag$, -- and nested /* */ comments; placeholders become <c>$n</c>.</summary>
    Postgres,

    /// <summary>'..', "..", `..`, [..], -- and /* */ comments; placeholders become <c>@pn</c>.</summary>
    Sqlite,
}
