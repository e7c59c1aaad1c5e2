using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Telephony.TaskRouter.Routing.Callbacks;

/// <summary>
/// POSTs an assignment callback, signed, to the workflow's URL and, when that fails (an error
/// status, no answer within the timeout, an address refused or unreachable), to its fallback URL.
/// Goes out only through the safe outbound client, so a tenant cannot aim it at the operator's network.
/// </summary>
internal sealed partial class AssignmentCallbackSender(
    IHttpClientFactory clients,
    IOptions<AssignmentCallbackOptions> options,
    ILogger<AssignmentCallbackSender> logger)
{
    public const string ClientName = "taskrouter-assignment-callbacks";

    /// <summary>The answer body of the first URL that answered 2xx ("" when it had none); null when every URL failed.</summary>
    public async Task<string?> SendAsync(AssignmentCallback callback, string url, string? fallbackUrl, string? signingToken, CancellationToken cancellationToken)
    {
        var answer = await PostAsync(callback, url, signingToken, cancellationToken);
        if (answer is null && fallbackUrl is not null)
        {
            answer = await PostAsync(callback, fallbackUrl, signingToken, cancellationToken);
        }

        if (answer is null)
        {
            UnansweredLog(callback.ReservationSid, callback.WorkflowSid);
        }

        return answer;
    }

    private async Task<string?> PostAsync(AssignmentCallback callback, string url, string? signingToken, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var fields = callback.FormFields();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (signingToken is not null)
        {
            request.Headers.Add(TwilioSignature.Header, TwilioSignature.Compute(signingToken, url, fields));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var client = clients.CreateClient(ClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                FailedLog(callback.ReservationSid, url, $"status {(int)response.StatusCode}");
                return null;
            }

            return await ReadAnswerAsync(response.Content, settings.MaxAnswerBytes, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            FailedLog(callback.ReservationSid, url, $"no answer within {settings.Timeout.TotalSeconds:0.#} s");
            return null;
        }
        catch (HttpRequestException e)
        {
            FailedLog(callback.ReservationSid, url, e.Message);
            return null;
        }
    }

    /// <summary>An answer longer than the limit is no instruction: it reads as empty.</summary>
    private static async Task<string> ReadAnswerAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return length > maxBytes ? string.Empty : Encoding.UTF8.GetString(buffer, 0, length);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assignment callback for reservation {ReservationSid} to {Url} failed: {Reason}")]
    private partial void FailedLog(string reservationSid, string url, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No assignment callback URL of workflow {WorkflowSid} answered for reservation {ReservationSid}; it stays pending until accepted through the API or timed out")]
    private partial void UnansweredLog(string reservationSid, string workflowSid);
}
