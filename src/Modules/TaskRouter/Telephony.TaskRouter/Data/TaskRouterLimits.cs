namespace Telephony.TaskRouter.Data;

/// <summary>Twilio's documented TaskRouter limits; ours are the same or higher (docs/taskrouter.md).</summary>
internal static class TaskRouterLimits
{
    public const int FriendlyNameLength = 64;
    public const int UniqueNameLength = 64;
    public const int AttributesLength = 4096;
    public const int ExpressionLength = 4096;
    public const int UrlLength = 2048;
    public const int EventsFilterLength = 4096;
    public const int ReasonLength = 256;
    public const int WorkflowConfigurationLength = 1024 * 1024;

    public const int WorkspacesPerAccount = 1000;
    public const int ActivitiesPerWorkspace = 100;
    public const int WorkersPerWorkspace = 15_000;
    public const int QueuesPerWorkspace = 5_000;
    public const int WorkflowsPerWorkspace = 1_000;
    public const int TaskChannelsPerWorkspace = 15;
    public const int TasksPerWorkspace = 500_000;

    public const int MaxChannelCapacity = 50;
    public const int MaxReservedWorkers = 50;
    public const int MaxTaskTimeout = 1_209_600;
    public const int DefaultTaskTimeout = 86_400;
    public const int MaxReservationTimeout = 86_400;
    public const int DefaultReservationTimeout = 120;
}
