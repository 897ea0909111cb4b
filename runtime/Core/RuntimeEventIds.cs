namespace Orleans.DynamicDb.Runtime;

/// <summary>Stable event ids of the runtime's log lines (1000–1999).</summary>
public static class RuntimeEventIds
{
    public const int Activated = 1001;
    public const int Deactivated = 1002;
    public const int ActivationFailed = 1003;
    public const int DeactivationFailed = 1004;
    public const int OneWayFailed = 1005;
    public const int UnhandledTurnException = 1006;
    public const int TimerFailed = 1007;
    public const int CallTimedOut = 1008;
    public const int ShuttingDown = 1009;
    public const int SiloStarted = 1010;
    public const int SiloStopped = 1011;
    public const int ReminderFired = 1020;
    public const int ReminderFailed = 1021;
    public const int ReminderRegistered = 1022;
    public const int ReminderUnregistered = 1023;
    public const int ReminderTableReadFailed = 1024;
    public const int SiloJoined = 1030;
    public const int SiloLeft = 1031;
    public const int MembershipChanged = 1032;
    public const int SiloDeclaredDead = 1033;
    public const int SelfDeclaredDead = 1034;
    public const int ProbesMissed = 1035;
    public const int HeartbeatsStale = 1036;
    public const int MembershipTableFailed = 1037;
    public const int DirectoryCleaned = 1040;
    public const int DirectoryFailed = 1041;
    public const int ActivationForwarded = 1042;
}
