namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>One member as the layout file records it: its name (also its <c>application_name</c> and slot), port and role.</summary>
internal sealed record GroupMember(string Name, int Port, MemberRole Role);
