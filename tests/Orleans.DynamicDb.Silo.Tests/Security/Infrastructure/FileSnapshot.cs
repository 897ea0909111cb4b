namespace Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;

/// <summary>The files under some folders at one moment, to prove an attack created none where it must not.</summary>
internal sealed class FileSnapshot
{
    private readonly IReadOnlyList<string> _roots;
    private readonly HashSet<string> _files;

    private FileSnapshot(IReadOnlyList<string> roots, HashSet<string> files)
    {
        _roots = roots;
        _files = files;
    }

    /// <summary>Every file under <paramref name="roots"/> (missing folders count as empty).</summary>
    public static FileSnapshot Take(params string[] roots) => new(roots, List(roots));

    /// <summary>
    /// Fails when a file appeared under the snapshot's folders since it was taken, except under <paramref name="allowed"/>
    /// (the attacker's own database folder, where its own journal files come and go).
    /// </summary>
    public void AssertNoNewFiles(params string[] allowed)
    {
        var appeared = List(_roots)
            .Where(f => !_files.Contains(f))
            .Where(f => !allowed.Any(a => f.StartsWith(Path.GetFullPath(a) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(appeared.Length == 0, $"Files appeared outside the attacker's own database folder: {string.Join(", ", appeared)}");
    }

    private static HashSet<string> List(IEnumerable<string> roots) =>
    [
        .. roots.Where(Directory.Exists)
            .SelectMany(r => Directory.EnumerateFiles(r, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
            .Select(Path.GetFullPath),
    ];
}
