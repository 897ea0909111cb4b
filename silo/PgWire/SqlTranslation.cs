using System.Text;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// A client's SQL in the form statements take: PostgreSQL's <c>$1</c>, <c>$2</c>... placeholders become positional
/// <c>?</c> (a parameter used twice is passed twice) and a literal <c>?</c> in code becomes <c>??</c>.
/// </summary>
/// <param name="Sql">The translated text.</param>
/// <param name="Order">For each <c>?</c> in order, the zero-based index of the client's parameter it stands for.</param>
/// <param name="ParameterCount">The highest <c>$n</c> used.</param>
internal sealed record SqlTranslation(string Sql, int[] Order, int ParameterCount)
{
    /// <summary>Translates <paramref name="sql"/>; text without <c>$n</c> and <c>?</c> is returned as it is.</summary>
    public static SqlTranslation Of(string sql)
    {
        var span = sql.AsSpan();
        if (span.IndexOfAny('$', '?') < 0)
        {
            return new SqlTranslation(sql, [], 0);
        }

        StringBuilder? builder = null;
        var order = new List<int>();
        var max = 0;
        var copied = 0;
        for (var i = 0; i < span.Length;)
        {
            var next = SqlScanner.Skip(span, i);
            if (next != i)
            {
                i = next;
                continue;
            }

            var c = span[i];
            if (c == '$' && i + 1 < span.Length && char.IsAsciiDigit(span[i + 1]) && (i == 0 || !SqlScanner.IsWordChar(span[i - 1])))
            {
                var end = i + 1;
                var number = 0;
                while (end < span.Length && char.IsAsciiDigit(span[end]) && number < 100_000)
                {
                    number = (number * 10) + (span[end] - '0');
                    end++;
                }

                builder ??= new StringBuilder(sql.Length + 8);
                builder.Append(span[copied..i]).Append('?');
                copied = end;
                order.Add(number - 1);
                max = Math.Max(max, number);
                i = end;
                continue;
            }

            if (c == '?')
            {
                builder ??= new StringBuilder(sql.Length + 8);
                builder.Append(span[copied..(i + 1)]).Append('?');
                copied = i + 1;
            }

            i++;
        }

        if (builder is null)
        {
            return new SqlTranslation(sql, [], 0);
        }

        builder.Append(span[copied..]);
        return new SqlTranslation(builder.ToString(), [.. order], max);
    }

    /// <summary>The statement arguments for the client's parameter values, in placeholder order.</summary>
    public object?[] Arguments(object?[] parameters)
    {
        if (Order.Length == 0)
        {
            return [];
        }

        var args = new object?[Order.Length];
        for (var i = 0; i < Order.Length; i++)
        {
            var index = Order[i];
            args[i] = index >= 0 && index < parameters.Length
                ? parameters[index]
                : throw new PgWireException(PgSqlState.UndefinedParameter, $"there is no parameter ${index + 1}");
        }

        return args;
    }
}
