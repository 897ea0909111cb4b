using System.Text;

namespace Orleans.DynamicDb.Cli.Shell;

/// <summary>
/// Collects typed lines into SQL statements: a statement ends at a <c>;</c> outside quotes ('…', "…") and comments
/// (<c>--</c> to the end of the line, <c>/* … */</c>); one line may hold several statements, one statement many lines.
/// </summary>
public sealed class StatementBuffer
{
    private readonly StringBuilder _text = new();
    private char _quote;
    private bool _blockComment;

    /// <summary>True when nothing but white space is waiting for its <c>;</c>.</summary>
    public bool IsEmpty => _text.ToString().Trim().Length == 0;

    /// <summary>Adds a line and returns the statements it completed (without their <c>;</c>, trimmed, empty ones left out).</summary>
    public IReadOnlyList<string> Add(string line)
    {
        var complete = new List<string>();
        var lineComment = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var next = i + 1 < line.Length ? line[i + 1] : '\0';
            if (lineComment)
            {
                _text.Append(c);
                continue;
            }

            if (_blockComment)
            {
                _text.Append(c);
                if (c == '*' && next == '/')
                {
                    _text.Append(next);
                    i++;
                    _blockComment = false;
                }

                continue;
            }

            if (_quote != '\0')
            {
                // A doubled quote ('it''s') closes and reopens: the state is the same afterwards.
                _text.Append(c);
                if (c == _quote)
                {
                    _quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    _quote = c;
                    _text.Append(c);
                    break;
                case '-' when next == '-':
                    lineComment = true;
                    _text.Append(c);
                    break;
                case '/' when next == '*':
                    _blockComment = true;
                    _text.Append(c).Append(next);
                    i++;
                    break;
                case ';':
                    var statement = _text.ToString().Trim();
                    _text.Clear();
                    if (statement.Length > 0)
                    {
                        complete.Add(statement);
                    }

                    break;
                default:
                    _text.Append(c);
                    break;
            }
        }

        _text.Append('\n');
        return complete;
    }

    /// <summary>Takes what is left without a <c>;</c> (at the end of input), or null when that is only white space.</summary>
    public string? TakeRest()
    {
        var rest = _text.ToString().Trim();
        Clear();
        return rest.Length > 0 ? rest : null;
    }

    /// <summary>Forgets the unfinished statement (Ctrl-C at the prompt).</summary>
    public void Clear()
    {
        _text.Clear();
        _quote = '\0';
        _blockComment = false;
    }
}
