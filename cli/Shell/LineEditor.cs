using System.Text;

namespace Orleans.DynamicDb.Cli.Shell;

/// <summary>
/// A small line editor for the interactive shell: typing, Backspace/Delete, Left/Right, Home/End (Ctrl-A/Ctrl-E),
/// Up/Down through <see cref="ShellHistory"/>, Ctrl-U clears the line, Ctrl-C abandons it, Ctrl-D on an empty line ends
/// input. It redraws the line with ANSI sequences (one terminal line; long lines are not wrapped cleverly).
/// </summary>
public sealed class LineEditor(Func<ConsoleKeyInfo> readKey, TextWriter output, ShellHistory history)
{
    /// <summary>What one read produced.</summary>
    public enum Outcome
    {
        /// <summary>A line was entered with Enter.</summary>
        Line,

        /// <summary>Ctrl-C: the line (and the statement being typed) is abandoned.</summary>
        Interrupted,

        /// <summary>Ctrl-D on an empty line: the end of input.</summary>
        EndOfInput,
    }

    /// <summary>Shows <paramref name="prompt"/> and reads one line.</summary>
    public (Outcome Outcome, string Line) ReadLine(string prompt)
    {
        var line = new StringBuilder();
        var cursor = 0;
        var recalled = history.Entries.Count;
        var draft = "";
        output.Write(prompt);
        output.Flush();
        while (true)
        {
            var key = readKey();
            var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    output.WriteLine();
                    output.Flush();
                    return (Outcome.Line, line.ToString());
                case ConsoleKey.C when control:
                    output.WriteLine("^C");
                    output.Flush();
                    return (Outcome.Interrupted, "");
                case ConsoleKey.D when control && line.Length == 0:
                    output.WriteLine();
                    output.Flush();
                    return (Outcome.EndOfInput, "");
                case ConsoleKey.Backspace when cursor > 0:
                    line.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < line.Length:
                    line.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < line.Length:
                    cursor++;
                    break;
                case ConsoleKey.Home:
                case ConsoleKey.A when control:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                case ConsoleKey.E when control:
                    cursor = line.Length;
                    break;
                case ConsoleKey.U when control:
                    line.Clear();
                    cursor = 0;
                    break;
                case ConsoleKey.UpArrow when recalled > 0:
                    if (recalled == history.Entries.Count)
                    {
                        draft = line.ToString();
                    }

                    Replace(line, history.Entries[--recalled], ref cursor);
                    break;
                case ConsoleKey.DownArrow when recalled < history.Entries.Count:
                    recalled++;
                    Replace(line, recalled == history.Entries.Count ? draft : history.Entries[recalled], ref cursor);
                    break;
                default:
                    if (!control && !char.IsControl(key.KeyChar))
                    {
                        line.Insert(cursor++, key.KeyChar);
                    }

                    break;
            }

            Redraw(prompt, line, cursor);
        }
    }

    private static void Replace(StringBuilder line, string text, ref int cursor)
    {
        line.Clear().Append(text.Replace('\n', ' '));
        cursor = line.Length;
    }

    private void Redraw(string prompt, StringBuilder line, int cursor)
    {
        // Carriage return, the prompt and the line, clear to the end of the terminal line, then back to the cursor.
        output.Write('\r');
        output.Write(prompt);
        output.Write(line.ToString());
        output.Write("\u001b[K");
        if (cursor < line.Length)
        {
            output.Write($"\u001b[{line.Length - cursor}D");
        }

        output.Flush();
    }
}
