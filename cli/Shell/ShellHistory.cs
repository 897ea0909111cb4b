namespace Orleans.DynamicDb.Cli.Shell;

/// <summary>
/// The shell's history: the last <see cref="Capacity"/> entries, oldest first, kept in a file (mode 0600: statements may
/// hold values worth keeping private); an entry equal to the one before it is not repeated.
/// </summary>
public sealed class ShellHistory
{
    /// <summary>Entries kept. Default: 500.</summary>
    public const int DefaultCapacity = 500;

    private readonly List<string> _entries = [];
    private readonly string? _path;

    /// <summary>Loads the history from <paramref name="path"/> (none: kept in memory only).</summary>
    public ShellHistory(string? path, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _path = path;
        Capacity = capacity;
        if (path is not null && File.Exists(path))
        {
            foreach (var line in File.ReadAllLines(path))
            {
                Append(Decode(line));
            }
        }
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>The entries, oldest first.</summary>
    public IReadOnlyList<string> Entries => _entries;

    /// <summary>Adds an entry and saves the file.</summary>
    public void Add(string entry)
    {
        if (string.IsNullOrWhiteSpace(entry) || (_entries.Count > 0 && _entries[^1] == entry))
        {
            return;
        }

        Append(entry);
        Save();
    }

    private void Append(string entry)
    {
        _entries.Add(entry);
        if (_entries.Count > Capacity)
        {
            _entries.RemoveRange(0, _entries.Count - Capacity);
        }
    }

    private void Save()
    {
        if (_path is null)
        {
            return;
        }

        var folder = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var temporary = $"{_path}.{Environment.ProcessId}.tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(new FileStream(temporary, options)))
        {
            foreach (var entry in _entries)
            {
                writer.WriteLine(Encode(entry));
            }
        }

        File.Move(temporary, _path, overwrite: true);
    }

    // One entry per line: a multi-line statement keeps its line breaks as \n, a backslash is doubled.
    private static string Encode(string entry) => entry.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Decode(string line)
    {
        var text = new System.Text.StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                text.Append(line[i + 1] == 'n' ? '\n' : line[i + 1]);
                i++;
            }
            else
            {
                text.Append(line[i]);
            }
        }

        return text.ToString();
    }
}
