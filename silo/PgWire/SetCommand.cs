namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>A parsed <c>SET</c>, <c>RESET</c>, <c>DISCARD</c> or <c>SHOW</c>: the setting's name (null for ALL) and the new value (null to reset).</summary>
internal sealed record SetCommand(string Verb, string? Name, string? Value)
{
    /// <summary>Parses <c>SET [SESSION|LOCAL] name {TO|=} value</c>, <c>SET TIME ZONE value</c>, <c>RESET name|ALL</c>, <c>DISCARD ALL</c>, <c>SHOW name|ALL</c>.</summary>
    public static SetCommand Parse(string sql)
    {
        var tokens = Tokens(sql);
        if (tokens.Count == 0)
        {
            throw Syntax(sql);
        }

        var verb = tokens[0].ToUpperInvariant();
        var rest = tokens.Skip(1).ToList();
        if (verb == "SET" && rest.Count > 0 && rest[0].ToUpperInvariant() is "SESSION" or "LOCAL")
        {
            rest.RemoveAt(0);
        }

        switch (verb)
        {
            case "SET" when rest.Count >= 3 && rest[0].Equals("TIME", StringComparison.OrdinalIgnoreCase) && rest[1].Equals("ZONE", StringComparison.OrdinalIgnoreCase):
                return new SetCommand(verb, "TimeZone", string.Join(' ', rest.Skip(2)));
            case "SET" when rest.Count >= 3 && (rest[1] == "=" || rest[1].Equals("TO", StringComparison.OrdinalIgnoreCase)):
                var value = string.Join(", ", rest.Skip(2).Where(t => t != ","));
                return new SetCommand(verb, rest[0], value.Equals("DEFAULT", StringComparison.OrdinalIgnoreCase) ? null : value);
            case "RESET" or "SHOW" when rest.Count == 1:
                return new SetCommand(verb, rest[0].Equals("ALL", StringComparison.OrdinalIgnoreCase) ? null : rest[0], null);
            case "SHOW" when rest.Count == 2 && rest[0].Equals("TIME", StringComparison.OrdinalIgnoreCase):
                return new SetCommand(verb, "TimeZone", null);
            case "DISCARD" when rest.Count == 1:
                return new SetCommand(verb, null, null);
            default:
                throw Syntax(sql);
        }
    }

    private static List<string> Tokens(string sql)
    {
        var tokens = new List<string>();
        var span = sql.AsSpan().Trim().TrimEnd(';');
        for (var i = 0; i < span.Length;)
        {
            var c = span[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                var end = SqlScanner.Skip(span, i);
                tokens.Add(span[(i + 1)..Math.Max(i + 1, end - 1)].ToString().Replace(new string(c, 2), c.ToString(), StringComparison.Ordinal));
                i = end;
            }
            else if (c is '=' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                var end = i;
                while (end < span.Length && !char.IsWhiteSpace(span[end]) && span[end] is not ('=' or ',' or '\''))
                {
                    end++;
                }

                tokens.Add(span[i..end].ToString());
                i = end;
            }
        }

        return tokens;
    }

    private static PgWireException Syntax(string sql) =>
        new(PgSqlState.SyntaxError, $"cannot parse session command \"{sql.Trim()}\": this frontend understands SET name TO value, RESET name, DISCARD ALL and SHOW name");
}
