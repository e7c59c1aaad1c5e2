using FluentValidation;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Telephony.SharedKernel.Hosting;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Features;
using Telephony.TaskRouter.Features.Activities;
using Telephony.TaskRouter.Features.Events;
using Telephony.TaskRouter.Features.Reservations;
using Telephony.TaskRouter.Features.Statistics;
using Telephony.TaskRouter.Features.TaskChannels;
using Telephony.TaskRouter.Features.TaskQueues;
using Telephony.TaskRouter.Features.Tasks;
using Telephony.TaskRouter.Features.WorkerChannels;
using Telephony.TaskRouter.Features.Workers;
using Telephony.TaskRouter.Features.Workflows;
using Telephony.TaskRouter.Features.Workspaces;
using Telephony.TaskRouter.Jobs;
using Telephony.TaskRouter.Routing;
using Telephony.TaskRouter.Routing.Callbacks;
using Telephony.TaskRouter.Routing.EventDelivery;

namespace Telephony.TaskRouter;

/// <summary>The work distribution service (Twilio TaskRouter v1 wire format).</summary>
public static class TaskRouterModule
{
    internal const string DatabaseName = "taskrouter";

    public static IServiceCollection AddTaskRouter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddModuleDatabase<TaskRouterDb>(DatabaseName);
        services.AddHttpContextAccessor();
        services.AddScoped<ResourceUrls>();
        services.AddTransient<IStartupFilter, BodylessPostsAsEmptyForms>();
        // Validators are stateless; building one per request compiled its rules every time.
        services.AddValidatorsFromAssemblyContaining<TaskRouterDb>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton<RoutingJournal>();
        services.AddSingleton<RoutingEngine>();
        services.AddSingleton<WorkspaceLoader>();
        services.AddSingleton<IStartupTask, RoutingStateLoader>();
        services.AddHostedService<JournalWriter>();
        services.AddHostedService<RoutingClock>();
        services.AddEventCallbacks(configuration);
        services.AddAssignmentCallbacks(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapTaskRouter(this IEndpointRouteBuilder endpoints)
    {
        var workspaces = endpoints.MapApiGroup("/v1/Workspaces", "TaskRouter");
        CreateWorkspace.Map(workspaces);
        ListWorkspaces.Map(workspaces);
        FetchWorkspace.Map(workspaces);
        UpdateWorkspace.Map(workspaces);
        DeleteWorkspace.Map(workspaces);
        WorkspaceStatistics.Map(workspaces);

        var activities = workspaces.MapGroup("/{WorkspaceSid}/Activities");
        CreateActivity.Map(activities);
        ListActivities.Map(activities);
        FetchActivity.Map(activities);
        UpdateActivity.Map(activities);
        DeleteActivity.Map(activities);

        var workers = workspaces.MapGroup("/{WorkspaceSid}/Workers");
        CreateWorker.Map(workers);
        ListWorkers.Map(workers);
        FetchWorker.Map(workers);
        UpdateWorker.Map(workers);
        DeleteWorker.Map(workers);
        WorkersStatistics.Map(workers);
        WorkerStatistics.Map(workers);

        var workerChannels = workers.MapGroup("/{WorkerSid}/Channels");
        ListWorkerChannels.Map(workerChannels);
        FetchWorkerChannel.Map(workerChannels);
        UpdateWorkerChannel.Map(workerChannels);

        var queues = workspaces.MapGroup("/{WorkspaceSid}/TaskQueues");
        CreateTaskQueue.Map(queues);
        ListTaskQueues.Map(queues);
        FetchTaskQueue.Map(queues);
        UpdateTaskQueue.Map(queues);
        DeleteTaskQueue.Map(queues);
        ListTaskQueuesStatistics.Map(queues);
        TaskQueueStatistics.Map(queues);

        var workflows = workspaces.MapGroup("/{WorkspaceSid}/Workflows");
        CreateWorkflow.Map(workflows);
        ListWorkflows.Map(workflows);
        FetchWorkflow.Map(workflows);
        UpdateWorkflow.Map(workflows);
        DeleteWorkflow.Map(workflows);
        WorkflowStatistics.Map(workflows);

        var taskChannels = workspaces.MapGroup("/{WorkspaceSid}/TaskChannels");
        CreateTaskChannel.Map(taskChannels);
        ListTaskChannels.Map(taskChannels);
        FetchTaskChannel.Map(taskChannels);
        UpdateTaskChannel.Map(taskChannels);
        DeleteTaskChannel.Map(taskChannels);

        var tasks = workspaces.MapGroup("/{WorkspaceSid}/Tasks");
        CreateTask.Map(tasks);
        ListTasks.Map(tasks);
        FetchTask.Map(tasks);
        UpdateTask.Map(tasks);
        DeleteTask.Map(tasks);

        var taskReservations = tasks.MapGroup("/{TaskSid}/Reservations");
        ListReservations.Map(taskReservations, ReservationParent.Task, "TaskSid", "ListTaskReservations");
        FetchReservation.Map(taskReservations, ReservationParent.Task, "TaskSid", "FetchTaskReservation");
        UpdateReservation.Map(taskReservations, ReservationParent.Task, "TaskSid", "UpdateTaskReservation");

        var workerReservations = workers.MapGroup("/{WorkerSid}/Reservations");
        ListReservations.Map(workerReservations, ReservationParent.Worker, "WorkerSid", "ListWorkerReservations");
        FetchReservation.Map(workerReservations, ReservationParent.Worker, "WorkerSid", "FetchWorkerReservation");
        UpdateReservation.Map(workerReservations, ReservationParent.Worker, "WorkerSid", "UpdateWorkerReservation");

        var events = workspaces.MapGroup("/{WorkspaceSid}/Events");
        ListEvents.Map(events);
        FetchEvent.Map(events);

        endpoints.ServiceProvider.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<PruneEventsJob>(PruneEventsJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
        return endpoints;
    }
}
