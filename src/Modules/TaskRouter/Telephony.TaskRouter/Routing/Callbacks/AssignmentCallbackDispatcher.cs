using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Accounts.Contracts;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Routing.Callbacks;

/// <summary>
/// Sends queued assignment callbacks, a fixed number at a time, off the journal's thread, and
/// carries out what the tenant answered.
/// </summary>
internal sealed partial class AssignmentCallbackDispatcher(
    AssignmentCallbackQueue queue,
    AssignmentCallbackSender sender,
    AssignmentInstructions instructions,
    WorkflowCallbackUrls workflowUrls,
    RoutingEngine engine,
    IServiceScopeFactory scopes,
    IOptions<AssignmentCallbackOptions> options,
    ILogger<AssignmentCallbackDispatcher> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(_ => Task.Run(() => ConsumeAsync(stoppingToken), stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var callback in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DeliverAsync(callback, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    DeliveryErrorLog(e, callback.ReservationSid);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued stays pending and times out by its own timer.
        }
    }

    private async Task DeliverAsync(AssignmentCallback callback, CancellationToken cancellationToken)
    {
        // Behind a slow tenant the queue can hold offers that have since timed out, been accepted
        // through the API or rescinded: nothing the tenant answered could apply, so the sender goes
        // to a callback that still can.
        if (!IsStillPending(callback))
        {
            StaleLog(callback.ReservationSid);
            return;
        }

        if (!workflowUrls.TryGet(callback.WorkflowSid, out var urls))
        {
            urls = await ReadUrlsAsync(callback.WorkflowSid, cancellationToken);
        }

        if (urls.Url is not { } url)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskRouterDb>();
        var signingToken = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetSigningToken(callback.AccountSid), cancellationToken);
        if (signingToken is null)
        {
            UnsignedLog(callback.AccountSid, callback.ReservationSid);
        }

        var answer = await sender.SendAsync(callback, url, urls.FallbackUrl, signingToken, cancellationToken);
        if (answer is not null && AssignmentInstruction.Parse(answer) is { } instruction)
        {
            await instructions.ApplyAsync(db, callback, instruction, cancellationToken);
        }
    }

    private bool IsStillPending(AssignmentCallback callback) =>
        engine.TryGetOwned(callback.AccountSid, callback.WorkspaceSid, out var router)
        && router.GetReservation(callback.ReservationSid) is { Status: ReservationStatus.Pending };

    private async Task<CallbackUrls> ReadUrlsAsync(string workflowSid, CancellationToken cancellationToken)
    {
        var version = workflowUrls.Version;
        await using var scope = scopes.CreateAsyncScope();
        var urls = await scope.ServiceProvider.GetRequiredService<TaskRouterDb>().Workflows.AsNoTracking()
            .Where(w => w.Sid == workflowSid)
            .Select(w => new CallbackUrls(w.AssignmentCallbackUrl, w.FallbackAssignmentCallbackUrl))
            .SingleOrDefaultAsync(cancellationToken);
        workflowUrls.Remember(workflowSid, urls, version);
        return urls;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Assignment callback for reservation {ReservationSid} not sent: it was no longer pending when its turn came")]
    private partial void StaleLog(string reservationSid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Assignment callback for reservation {ReservationSid} failed")]
    private partial void DeliveryErrorLog(Exception error, string reservationSid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountSid} has no stored signing token (created before tokens were kept for signing): the assignment callback for reservation {ReservationSid} goes out without X-Twilio-Signature")]
    private partial void UnsignedLog(string accountSid, string reservationSid);
}
