namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

/// <summary>Damages and inspects SQLite database files behind the engine's back, as a failing disk or a stray write would.</summary>
internal static class SqliteFiles
{
    /// <summary>The page size written in the file's header (bytes 16–17, big-endian; 1 means 65536).</summary>
    public static int PageSize(string path)
    {
        var header = new byte[100];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        var size = (header[16] << 8) | header[17];
        return size == 1 ? 65536 : size;
    }

    /// <summary>
    /// The number of the file's last page, from its length (opening it, even read-only, could leave a -wal file behind):
    /// with one table filled in order, one of its leaves.
    /// </summary>
    public static long LastPage(string path) => new FileInfo(path).Length / PageSize(path);

    /// <summary>Overwrites the first bytes of page <paramref name="page"/> (1-based) with 0xFF: its b-tree page header becomes garbage.</summary>
    public static void CorruptPage(string path, long page)
    {
        var pageSize = PageSize(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Seek((page - 1) * pageSize, SeekOrigin.Begin);
        file.Write(Enumerable.Repeat((byte)0xFF, 16).ToArray());
        file.Flush(flushToDisk: true);
    }

    /// <summary>Overwrites the 100-byte database header: SQLite no longer recognises the file as a database.</summary>
    public static void CorruptHeader(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Write(Enumerable.Repeat((byte)'x', 100).ToArray());
        file.Flush(flushToDisk: true);
    }

    /// <summary>A fingerprint of the file's bytes, to prove it was left exactly as it was.</summary>
    public static string Fingerprint(string path) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
