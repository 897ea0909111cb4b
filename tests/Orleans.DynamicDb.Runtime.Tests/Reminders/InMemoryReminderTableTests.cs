using Orleans.DynamicDb.Runtime.Reminders;

namespace Orleans.DynamicDb.Runtime.Tests.Reminders;

public sealed class InMemoryReminderTableTests : ReminderTableContractTests
{
    protected override Task InitializeStoreAsync() => Task.CompletedTask;

    protected override IReminderTable CreateTable() => new InMemoryReminderTable();
}
