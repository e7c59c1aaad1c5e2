using Microsoft.EntityFrameworkCore;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Routing.EventDelivery;

/// <summary>
/// One event still owed to its workspace's <c>EventCallbackUrl</c> (the outbox). A database trigger
/// inserts it in the same statement that inserts the event, so a committed event always has its
/// delivery row and a restart loses nothing; the row is deleted once delivered or given up.
/// </summary>
internal sealed class EventCallbackDelivery
{
    /// <summary>Insertion order (AUTOINCREMENT): the order events happened in, which is the order they are sent in per resource.</summary>
    public long Id { get; init; }

    public required string EventSid { get; init; }

    public required string WorkspaceSid { get; init; }

    public required string ResourceSid { get; init; }

    public int Attempts { get; set; }

    /// <summary>When the next attempt may be made (the event's date at first, then the back-off).</summary>
    public DateTime DueAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>The outbox table and the trigger that fills it, so that the journal writer (shared wiring) needs no change.</summary>
internal static class EventCallbackDeliveryModel
{
    /// <summary>
    /// The AFTER INSERT trigger on Events (SQL in migration EventCallbacks): queues an event when its
    /// workspace has an <c>EventCallbackUrl</c> and its <c>EventsFilter</c> (comma-separated event types,
    /// spaces ignored; empty means all) allows the event's type.
    /// </summary>
    public const string TriggerName = "Events_QueueCallback";

    public const int ErrorLength = 512;

    public static void Configure(ModelBuilder modelBuilder)
    {
        var delivery = modelBuilder.Entity<EventCallbackDelivery>();
        delivery.ToTable("EventCallbackDeliveries");
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.Id).ValueGeneratedOnAdd();
        delivery.Property(d => d.EventSid).HasMaxLength(34);
        delivery.Property(d => d.WorkspaceSid).HasMaxLength(34);
        delivery.Property(d => d.ResourceSid).HasMaxLength(34);
        delivery.Property(d => d.LastError).HasMaxLength(ErrorLength);
        delivery.HasIndex(d => new { d.ResourceSid, d.Id });
        delivery.HasIndex(d => d.DueAt);
        // The outbox goes with its event: pruned after retention, or with the workspace.
        delivery.HasOne<EventRecord>().WithMany().HasForeignKey(d => d.EventSid).OnDelete(DeleteBehavior.Cascade);
    }
}
