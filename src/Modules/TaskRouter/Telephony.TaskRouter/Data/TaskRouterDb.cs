using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Telephony.TaskRouter.Routing.EventDelivery;

namespace Telephony.TaskRouter.Data;

internal sealed class TaskRouterDb(DbContextOptions<TaskRouterDb> options) : DbContext(options)
{
    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<Activity> Activities => Set<Activity>();

    public DbSet<Worker> Workers => Set<Worker>();

    public DbSet<WorkerChannel> WorkerChannels => Set<WorkerChannel>();

    public DbSet<TaskChannel> TaskChannels => Set<TaskChannel>();

    public DbSet<TaskQueue> TaskQueues => Set<TaskQueue>();

    public DbSet<Workflow> Workflows => Set<Workflow>();

    public DbSet<WorkTask> Tasks => Set<WorkTask>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    public DbSet<EventRecord> Events => Set<EventRecord>();

    public DbSet<EventCallbackDelivery> EventCallbackDeliveries => Set<EventCallbackDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var workspace = Row(modelBuilder.Entity<Workspace>());
        workspace.Property(w => w.FriendlyName).HasMaxLength(TaskRouterLimits.FriendlyNameLength);
        workspace.Property(w => w.EventCallbackUrl).HasMaxLength(TaskRouterLimits.UrlLength);
        workspace.Property(w => w.EventsFilter).HasMaxLength(TaskRouterLimits.EventsFilterLength);
        workspace.Property(w => w.PrioritizeQueueOrder).HasConversion<string>().HasMaxLength(8);
        workspace.Property(w => w.DefaultActivitySid).HasMaxLength(34);
        workspace.Property(w => w.TimeoutActivitySid).HasMaxLength(34);
        workspace.HasIndex(w => new { w.AccountSid, w.DateCreated, w.Sid });
        workspace.HasIndex(w => new { w.AccountSid, w.FriendlyName });

        var activity = Child(modelBuilder.Entity<Activity>());
        activity.Property(a => a.FriendlyName).HasMaxLength(TaskRouterLimits.FriendlyNameLength);
        activity.HasIndex(a => new { a.WorkspaceSid, a.FriendlyName }).IsUnique();

        var worker = Child(modelBuilder.Entity<Worker>());
        worker.Property(w => w.FriendlyName).HasMaxLength(TaskRouterLimits.FriendlyNameLength);
        worker.Property(w => w.Attributes).HasMaxLength(TaskRouterLimits.AttributesLength);
        worker.HasIndex(w => new { w.WorkspaceSid, w.FriendlyName }).IsUnique();
        worker.HasIndex(w => w.ActivitySid);
        worker.Property(w => w.Version).IsConcurrencyToken();
        // NO ACTION (checked at the end of the statement) lets a workspace's delete cascade to both
        // its workers and its activities; deleting an activity in use is refused in the handler.
        worker.HasOne(w => w.Activity).WithMany().HasForeignKey(w => w.ActivitySid).OnDelete(DeleteBehavior.NoAction);
        worker.HasMany(w => w.Channels).WithOne().HasForeignKey(c => c.WorkerSid).OnDelete(DeleteBehavior.Cascade);

        var workerChannel = Child(modelBuilder.Entity<WorkerChannel>());
        workerChannel.HasIndex(c => new { c.WorkerSid, c.TaskChannelSid }).IsUnique();
        workerChannel.HasOne(c => c.TaskChannel).WithMany().HasForeignKey(c => c.TaskChannelSid).OnDelete(DeleteBehavior.Cascade);

        var taskChannel = Child(modelBuilder.Entity<TaskChannel>());
        taskChannel.Property(c => c.UniqueName).HasMaxLength(TaskRouterLimits.UniqueNameLength);
        taskChannel.Property(c => c.FriendlyName).HasMaxLength(TaskRouterLimits.FriendlyNameLength);
        taskChannel.HasIndex(c => new { c.WorkspaceSid, c.UniqueName }).IsUnique();

        var queue = Child(modelBuilder.Entity<TaskQueue>());
        queue.Property(q => q.FriendlyName).HasMaxLength(TaskRouterLimits.FriendlyNameLength);
        queue.Property(q => q.TargetWorkers).HasMaxLength(TaskRouterLimits.ExpressionLength);
        queue.Property(q => q.TaskOrder).HasConversion<string>().HasMaxLength(8);
        queue.HasIndex(q => new { q.WorkspaceSid, q.FriendlyName }).IsUnique();
        queue.HasOne(q => q.ReservationActivity).WithMany().HasForeignKey(q => q.ReservationActivitySid).OnDelete(DeleteBehavior.NoAction);
        queue.HasOne(q => q.AssignmentActivity).WithMany().HasForeignKey(q => q.AssignmentActivitySid).OnDelete(DeleteBehavior.NoAction);

        var workflow = Child(modelBuilder.Entity<Workflow>());
        workflow.Property(w => w.FriendlyName).HasMaxLength(TaskRouterLimits.FriendlyNameLength);
        workflow.Property(w => w.Configuration).HasMaxLength(TaskRouterLimits.WorkflowConfigurationLength);
        workflow.Property(w => w.AssignmentCallbackUrl).HasMaxLength(TaskRouterLimits.UrlLength);
        workflow.Property(w => w.FallbackAssignmentCallbackUrl).HasMaxLength(TaskRouterLimits.UrlLength);

        var task = Child(modelBuilder.Entity<WorkTask>());
        task.ToTable("Tasks");
        task.Property(t => t.Attributes).HasMaxLength(TaskRouterLimits.AttributesLength);
        task.Property(t => t.AssignmentStatus).HasConversion<string>().HasMaxLength(16);
        task.Property(t => t.Reason).HasMaxLength(TaskRouterLimits.ReasonLength);
        task.Property(t => t.Version).IsConcurrencyToken();
        task.HasIndex(t => new { t.WorkspaceSid, t.AssignmentStatus });
        task.HasIndex(t => new { t.WorkspaceSid, t.Priority });
        // A finished task outlives its workflow, queue or channel, as history; the sid goes null.
        task.HasOne(t => t.Workflow).WithMany().HasForeignKey(t => t.WorkflowSid).OnDelete(DeleteBehavior.SetNull);
        task.HasOne(t => t.TaskQueue).WithMany().HasForeignKey(t => t.TaskQueueSid).OnDelete(DeleteBehavior.SetNull);
        task.HasOne(t => t.TaskChannel).WithMany().HasForeignKey(t => t.TaskChannelSid).OnDelete(DeleteBehavior.SetNull);

        var reservation = Child(modelBuilder.Entity<Reservation>());
        reservation.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        reservation.Property(r => r.TaskSid).HasMaxLength(34);
        reservation.Property(r => r.WorkerSid).HasMaxLength(34);
        reservation.Property(r => r.WorkerName).HasMaxLength(TaskRouterLimits.FriendlyNameLength);
        reservation.Property(r => r.TaskQueueSid).HasMaxLength(34);
        reservation.Property(r => r.Instruction).HasMaxLength(32);
        reservation.Property(r => r.InstructionParameters).HasMaxLength(TaskRouterLimits.AttributesLength);
        reservation.HasIndex(r => new { r.TaskSid, r.DateCreated, r.Sid });
        reservation.HasIndex(r => new { r.WorkerSid, r.DateCreated, r.Sid });
        reservation.HasIndex(r => new { r.WorkspaceSid, r.Status });
        // A reservation is part of its task's history: it goes with the task.
        reservation.HasOne<WorkTask>().WithMany().HasForeignKey(r => r.TaskSid).OnDelete(DeleteBehavior.Cascade);

        // Every index here is written by each event the journal records, so only those a query uses.
        var record = Child(modelBuilder.Entity<EventRecord>(), listedByCreation: false);
        record.ToTable("Events", table => table.HasTrigger(EventCallbackDeliveryModel.TriggerName));
        record.Property(e => e.EventType).HasMaxLength(48);
        record.Property(e => e.ResourceSid).HasMaxLength(34);
        record.Property(e => e.ResourceType).HasMaxLength(16);
        record.Property(e => e.TaskSid).HasMaxLength(34);
        record.Property(e => e.WorkerSid).HasMaxLength(34);
        record.Property(e => e.ReservationSid).HasMaxLength(34);
        record.Property(e => e.TaskQueueSid).HasMaxLength(34);
        record.Property(e => e.WorkflowSid).HasMaxLength(34);
        record.Property(e => e.Description).HasMaxLength(TaskRouterLimits.ReasonLength);
        record.HasIndex(e => new { e.WorkspaceSid, e.EventDate });
        // Cumulative statistics count a window's events of some types for a queue, workflow or
        // worker and take the waits' task ages: with those in the index they never read the rows
        // (EventData makes them large).
        record.HasIndex(e => new { e.WorkspaceSid, e.EventType, e.EventDate, e.TaskQueueSid, e.WorkflowSid, e.WorkerSid, e.TaskAge });
        record.HasIndex(e => new { e.WorkspaceSid, e.ResourceSid, e.EventDate });
        EventCallbackDeliveryModel.Configure(modelBuilder);
    }

    private static EntityTypeBuilder<T> Row<T>(EntityTypeBuilder<T> row)
        where T : WorkspaceRow
    {
        row.HasKey(r => r.Sid);
        row.Property(r => r.Sid).HasMaxLength(34);
        row.Property(r => r.AccountSid).HasMaxLength(34);
        return row;
    }

    /// <param name="listedByCreation">Whether the workspace's list of these rows pages by creation (every list but the events', which page by event date).</param>
    private static EntityTypeBuilder<T> Child<T>(EntityTypeBuilder<T> row, bool listedByCreation = true)
        where T : WorkspaceChild
    {
        Row(row);
        row.Property(r => r.WorkspaceSid).HasMaxLength(34);
        if (listedByCreation)
        {
            row.HasIndex(r => new { r.WorkspaceSid, r.DateCreated, r.Sid });
        }

        row.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceSid).OnDelete(DeleteBehavior.Cascade);
        return row;
    }
}
