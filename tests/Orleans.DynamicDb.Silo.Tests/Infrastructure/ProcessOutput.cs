using System.Diagnostics;
using System.Text;

namespace Orleans.DynamicDb.Silo.Tests.Infrastructure;

/// <summary>Collects a child process's stdout and stderr lines as they arrive.</summary>
internal sealed class ProcessOutput
{
    private readonly Lock _lock = new();
    private readonly List<string> _outputLines = [];
    private readonly StringBuilder _all = new();
    private readonly StringBuilder _error = new();

    public string All
    {
        get
        {
            lock (_lock)
            {
                return _all.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_lock)
            {
                return _error.ToString();
            }
        }
    }

    public IReadOnlyList<string> OutputLines
    {
        get
        {
            lock (_lock)
            {
                return [.. _outputLines];
            }
        }
    }

    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => Add(e.Data, error: true);
    }

    private void Add(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _all.AppendLine(line);
            if (error)
            {
                _error.AppendLine(line);
            }
            else
            {
                _outputLines.Add(line);
            }
        }
    }
}
