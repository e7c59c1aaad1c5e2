using System.Threading.Channels;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Accounts.Contracts;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing.Callbacks;

namespace Telephony.TaskRouter.Routing.EventDelivery;

/// <summary>
/// Sends queued events (<see cref="EventCallbackDelivery"/>) to their workspace's <c>EventCallbackUrl</c>:
/// oldest first, one resource's events strictly in order (a later event waits while an earlier one is
/// being retried), different resources in parallel. Woken by the journal after each committed batch,
/// and by its own timer when a retry falls due. Delivery is at least once: a crash between the POST
/// and the row's deletion sends that event again, with the same <c>Sid</c> for the receiver to de-duplicate.
/// Each POST is signed with <c>X-Twilio-Signature</c> under the account's auth token, as Twilio signs its callbacks.
/// </summary>
internal sealed partial class EventCallbackDispatcher(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<EventCallbackOptions> options,
    TimeProvider clock,
    ILogger<EventCallbackDispatcher> logger) : BackgroundService, IJournalObserver
{
    public const string HttpClientName = "taskrouter-event-callbacks";

    /// <summary>Polls now and then even without a wake-up, in case a batch was committed while the dispatcher was busy failing.</summary>
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(30);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void OnPersisted(IReadOnlyList<JournalEntry> batch, JournalCommit commit)
    {
        if (commit.EventCallbacksQueued)
        {
            _wake.Writer.TryWrite(true);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or SqliteException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                DispatchFailed(e);
                wait = options.Value.FirstRetryDelay;
            }

            try
            {
                await WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(wait);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The retry timer, not a wake-up.
        }
    }

    /// <summary>Delivers everything due; returns how long until the next retry falls due.</summary>
    private async Task<TimeSpan> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TaskRouterDb>();
            var now = clock.GetUtcNow().UtcDateTime;
            var due = await DueAsync(db, now, settings.BatchSize, cancellationToken);
            if (due.Count > 0)
            {
                await SignWithAsync(scope.ServiceProvider.GetRequiredService<ISender>(), due, cancellationToken);
                await SendAsync(due, settings, cancellationToken);
                Record(db, due, settings, now);
                await SaveSkippingGoneAsync(db, cancellationToken);
                if (due.Count == settings.BatchSize)
                {
                    continue;
                }
            }

            // Rows held back behind an earlier event of their resource are not due until that one is,
            // though their own time has passed: counted, they made the wait 50 ms for a whole back-off.
            var next = await NotHeldBack(db, clock.GetUtcNow().UtcDateTime).MinAsync(d => (DateTime?)d.DueAt, cancellationToken);
            if (next is null)
            {
                return IdlePoll;
            }

            var untilNext = next.Value - clock.GetUtcNow().UtcDateTime;
            if (untilNext <= TimeSpan.Zero && due.Count > 0)
            {
                continue;
            }

            return untilNext < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : untilNext < IdlePoll ? untilNext : IdlePoll;
        }
    }

    /// <summary>Deliveries whose resource has no earlier event still waiting for its retry (the first of a resource in back-off is one).</summary>
    private static IQueryable<EventCallbackDelivery> NotHeldBack(TaskRouterDb db, DateTime now) =>
        db.EventCallbackDeliveries.Where(d => !db.EventCallbackDeliveries.Any(earlier => earlier.ResourceSid == d.ResourceSid && earlier.Id < d.Id && earlier.DueAt > now));

    /// <summary>Due deliveries, oldest first, leaving out any whose resource has an earlier event still waiting for its retry.</summary>
    private static async Task<List<Pending>> DueAsync(TaskRouterDb db, DateTime now, int batchSize, CancellationToken cancellationToken)
    {
        var rows = await NotHeldBack(db, now)
            .Where(d => d.DueAt <= now)
            .OrderBy(d => d.Id)
            .Take(batchSize)
            .Join(db.Events, d => d.EventSid, e => e.Sid, (d, e) => new { Delivery = d, Event = e })
            .Join(db.Workspaces, x => x.Event.WorkspaceSid, w => w.Sid, (x, w) => new { x.Delivery, x.Event, w.FriendlyName, w.EventCallbackUrl })
            .OrderBy(x => x.Delivery.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => new Pending(x.Delivery, x.Event, x.FriendlyName, x.EventCallbackUrl))];
    }

    /// <summary>Each account's signing token, asked once per round (an account created before tokens were kept has none: unsigned).</summary>
    private static async Task SignWithAsync(ISender accounts, List<Pending> due, CancellationToken cancellationToken)
    {
        foreach (var account in due.GroupBy(p => p.Event.AccountSid, StringComparer.Ordinal))
        {
            var token = await accounts.Send(new GetSigningToken(account.Key), cancellationToken);
            foreach (var pending in account)
            {
                pending.SigningToken = token;
            }
        }
    }

    private async Task SendAsync(List<Pending> due, EventCallbackOptions settings, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var byResource = due.GroupBy(p => p.Delivery.ResourceSid, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(byResource, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken }, async (events, ct) =>
        {
            foreach (var pending in events)
            {
                if (string.IsNullOrEmpty(pending.Url))
                {
                    // The workspace's callback URL was removed after the event was queued: nothing to send.
                    pending.Outcome = Outcome.Dropped;
                    continue;
                }

                pending.Error = await PostAsync(client, pending, settings.Timeout, ct);
                pending.Outcome = pending.Error is null ? Outcome.Delivered : Outcome.Failed;
                if (pending.Outcome == Outcome.Failed)
                {
                    // Later events of this resource wait for this one.
                    break;
                }
            }
        });
    }

    private static async Task<string?> PostAsync(HttpClient client, Pending pending, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            var fields = EventCallbackForm.Build(pending.Event, pending.WorkspaceName);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(pending.Url!)) { Content = new FormUrlEncodedContent(fields) };
            if (pending.SigningToken is { } token)
            {
                request.Headers.Add(TwilioSignature.Header, TwilioSignature.Compute(token, pending.Url!, fields));
            }

            // Only the status counts: the body is never read, so a tenant's server cannot make the
            // host buffer (or decompress) an answer of any size.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            return response.IsSuccessStatusCode ? null : $"{pending.Url} answered HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (UriFormatException e)
        {
            return e.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{pending.Url} did not answer within {timeout.TotalSeconds:0.#} s";
        }
    }

    private void Record(TaskRouterDb db, List<Pending> due, EventCallbackOptions settings, DateTime now)
    {
        foreach (var pending in due)
        {
            var delivery = pending.Delivery;
            switch (pending.Outcome)
            {
                case Outcome.Delivered or Outcome.Dropped:
                    db.EventCallbackDeliveries.Remove(delivery);
                    break;
                case Outcome.Failed when delivery.Attempts + 1 >= settings.MaxAttempts:
                    GaveUp(pending.Event.Sid, pending.Event.EventType, delivery.WorkspaceSid, delivery.Attempts + 1, pending.Error!);
                    db.EventCallbackDeliveries.Remove(delivery);
                    break;
                case Outcome.Failed:
                    delivery.Attempts++;
                    delivery.LastError = pending.Error is { Length: > EventCallbackDeliveryModel.ErrorLength } error ? error[..EventCallbackDeliveryModel.ErrorLength] : pending.Error;
                    delivery.DueAt = now + settings.RetryDelayAfter(delivery.Attempts);
                    WillRetry(pending.Event.Sid, delivery.WorkspaceSid, delivery.Attempts, delivery.DueAt, pending.Error!);
                    break;
                default:
                    // Not attempted: an earlier event of its resource failed in this round; it keeps its place.
                    break;
            }
        }
    }

    /// <summary>A workspace deleted meanwhile takes its outbox with it: those rows are simply gone.</summary>
    private static async Task SaveSkippingGoneAsync(TaskRouterDb db, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException e)
            {
                foreach (var gone in e.Entries)
                {
                    gone.State = EntityState.Detached;
                }
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Event callback for {EventSid} in {WorkspaceSid} failed (attempt {Attempts}); retrying at {DueAt:O}: {Error}")]
    private partial void WillRetry(string eventSid, string workspaceSid, int attempts, DateTime dueAt, string error);

    [LoggerMessage(LogLevel.Error, "Event callback for {EventSid} ({EventType}) in {WorkspaceSid} given up after {Attempts} attempts: {Error}")]
    private partial void GaveUp(string eventSid, string eventType, string workspaceSid, int attempts, string error);

    [LoggerMessage(LogLevel.Error, "Event callback dispatch failed; retrying")]
    private partial void DispatchFailed(Exception exception);

    private enum Outcome
    {
        NotAttempted,
        Delivered,
        Failed,
        Dropped,
    }

    private sealed record Pending(EventCallbackDelivery Delivery, EventRecord Event, string WorkspaceName, string? Url)
    {
        public Outcome Outcome { get; set; }

        public string? Error { get; set; }

        public string? SigningToken { get; set; }
    }
}
