namespace Orleans.DynamicDb.Runtime.Tests.Reminders;

public abstract partial class ReminderTableContractTests
{
    private const uint IntMax = int.MaxValue;

    /// <summary>
    /// Grains with fixed keys (so fixed ring positions), sorted by hash: at least four on each side of
    /// <see cref="int.MaxValue"/>, so a table that compared hashes as signed numbers would fail.
    /// </summary>
    private static readonly GrainId[] RingGrains = PickRingGrains();

    [Fact]
    public async Task ReadRows_in_a_range_returns_hashes_after_begin_up_to_and_including_end()
    {
        await UpsertRingAsync();

        var rows = await Table.ReadRows(Hash(2), Hash(5));

        AssertGrains([3, 4, 5], rows);
    }

    [Fact]
    public async Task ReadRows_in_a_range_that_wraps_returns_hashes_after_begin_and_up_to_end()
    {
        await UpsertRingAsync();
        var last = RingGrains.Length - 1;

        var rows = await Table.ReadRows(Hash(last - 2), Hash(1));

        AssertGrains([last - 1, last, 0, 1], rows);
    }

    [Fact]
    public async Task ReadRows_with_begin_equal_to_end_returns_every_row()
    {
        await UpsertRingAsync();

        AssertGrains(Enumerable.Range(0, RingGrains.Length), await Table.ReadRows(Hash(3), Hash(3)));
        AssertGrains(Enumerable.Range(0, RingGrains.Length), await Table.ReadRows(0u, 0u));
    }

    [Fact]
    public async Task Hashes_above_int_MaxValue_are_compared_as_unsigned_numbers()
    {
        await UpsertRingAsync();
        var low = Enumerable.Range(0, RingGrains.Length).Where(i => Hash(i) <= IntMax).ToArray();
        var high = Enumerable.Range(0, RingGrains.Length).Where(i => Hash(i) > IntMax).ToArray();

        AssertGrains(high, await Table.ReadRows(IntMax, uint.MaxValue));
        AssertGrains(low, await Table.ReadRows(uint.MaxValue, IntMax));
        AssertGrains(high.Skip(1), await Table.ReadRows(Hash(high[0]), uint.MaxValue));
    }

    [Fact]
    public async Task A_range_holds_every_reminder_of_the_grains_in_it()
    {
        await UpsertRingAsync();
        await Table.UpsertRow(NewEntry(RingGrains[4], "second"));

        var rows = await Table.ReadRows(Hash(3), Hash(4));

        Assert.Equal(["second", "tick"], rows.Select(row => row.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows, row => Assert.Equal(RingGrains[4], row.GrainId));
    }

    private static uint Hash(int index) => RingGrains[index].GetUniformHashCode();

    private async Task UpsertRingAsync()
    {
        foreach (var grainId in RingGrains)
        {
            await Table.UpsertRow(NewEntry(grainId));
        }
    }

    private static void AssertGrains(IEnumerable<int> expected, IReadOnlyList<ReminderEntry> rows) =>
        Assert.Equal(
            expected.Select(i => RingGrains[i].ToString()).Order(StringComparer.Ordinal),
            rows.Select(row => row.GrainId.ToString()).Order(StringComparer.Ordinal));

    private static GrainId[] PickRingGrains()
    {
        var low = new List<GrainId>();
        var high = new List<GrainId>();
        for (var i = 0; low.Count < 4 || high.Count < 4; i++)
        {
            var grainId = new GrainId("ring", $"grain-{i}");
            var side = grainId.GetUniformHashCode() > IntMax ? high : low;
            if (side.Count < 4)
            {
                side.Add(grainId);
            }
        }

        return [.. low.Concat(high).OrderBy(grainId => grainId.GetUniformHashCode())];
    }
}
