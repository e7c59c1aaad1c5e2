using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Telephony.TaskRouter.Routing.Callbacks;

/// <summary>
/// Learns of each reservation once it is committed (so the tenant's server can call back into the
/// API and find it) and queues its assignment callback for <see cref="AssignmentCallbackDispatcher"/>.
/// The queue is bounded: when it is full the journal writer waits for room, which slows recording
/// rather than losing a callback. The dispatcher never waits on the journal, so this cannot deadlock.
/// </summary>
internal sealed partial class AssignmentCallbackQueue : IJournalObserver
{
    private readonly Channel<AssignmentCallback> _channel;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<AssignmentCallbackQueue> _logger;

    public AssignmentCallbackQueue(IOptions<AssignmentCallbackOptions> options, IHostApplicationLifetime lifetime, ILogger<AssignmentCallbackQueue> logger)
    {
        _channel = Channel.CreateBounded<AssignmentCallback>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
        _lifetime = lifetime;
        _logger = logger;
    }

    public ChannelReader<AssignmentCallback> Reader => _channel.Reader;

    public void OnPersisted(IReadOnlyList<JournalEntry> batch, JournalCommit commit)
    {
        foreach (var entry in batch)
        {
            if (AssignmentCallback.From(entry) is { } callback && !_channel.Writer.TryWrite(callback))
            {
                WaitForRoom(callback);
            }
        }
    }

    private void WaitForRoom(AssignmentCallback callback)
    {
        try
        {
            // IJournalObserver is synchronous: the writer's own loop is what waits here.
            _channel.Writer.WriteAsync(callback, _lifetime.ApplicationStopping).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopping with a full queue: the reservation stays pending and times out on its own.
            DroppedLog(callback.ReservationSid);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assignment callback for reservation {ReservationSid} not sent: the host is stopping with the callback queue full")]
    private partial void DroppedLog(string reservationSid);
}
