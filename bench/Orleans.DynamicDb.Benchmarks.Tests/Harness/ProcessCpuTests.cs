using Orleans.DynamicDb.Benchmarks.Harness;

namespace Orleans.DynamicDb.Benchmarks.Tests.Harness;

public sealed class ProcessCpuTests
{
    [Fact]
    public void User_and_system_ticks_are_read_after_a_command_name_with_spaces_and_parentheses()
    {
        // /proc/{pid}/stat of a process named "a) b (c": utime 250 and stime 50 ticks (fields 14 and 15).
        const string stat = "4242 (a) b (c) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 8 0 123456 1000000 2000 18446744073709551615";

        Assert.Equal(3.0, ProcessCpu.Parse(stat));
    }

    [Fact]
    public void This_process_has_used_some_cpu_and_a_gone_process_none()
    {
        Assert.True(ProcessCpu.Seconds(Environment.ProcessId) > 0);
        Assert.True(double.IsNaN(ProcessCpu.Seconds(int.MaxValue)));
    }
}
