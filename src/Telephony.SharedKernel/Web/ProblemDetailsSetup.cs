using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Telephony.SharedKernel.Web;

/// <summary>Every error leaves as RFC 7807 problem details carrying Twilio's error fields.</summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddTelephonyProblemDetails(this IServiceCollection services)
    {
        // Validation messages name the wire field (FriendlyName), not a prose rendering of it.
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member?.Name;
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context => AddTwilioFields(context.ProblemDetails, context.HttpContext));
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    private static string? DefaultDetail(int status) => status switch
    {
        StatusCodes.Status404NotFound => "No resource or route at this address.",
        StatusCodes.Status405MethodNotAllowed => "This address does not accept that HTTP method.",
        StatusCodes.Status415UnsupportedMediaType => "Send the fields as application/x-www-form-urlencoded.",
        _ => null,
    };

    internal static void AddTwilioFields(ProblemDetails problem, HttpContext http)
    {
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;
        problem.Detail ??= DefaultDetail(status);
        var code = problem.Extensions.TryGetValue("code", out var known) && known is int given ? given : ErrorCodes.ForStatus(status);
        problem.Extensions["code"] = code;
        problem.Extensions["message"] = problem.Detail ?? problem.Title ?? ReasonPhrases.GetReasonPhrase(status);
        problem.Extensions["more_info"] = ErrorCodes.MoreInfo(code);
        problem.Extensions["request_id"] = http.TraceIdentifier;
        problem.Instance ??= http.Request.Path;
    }
}

internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var problem = Describe(exception);
        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled failure on {Method} {Path}", http.Request.Method, http.Request.Path);
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Describe(Exception exception) => exception switch
    {
        ApiException api => Problem(api.Status, api.Code, api.Message, api.Field is null ? null : new() { [api.Field] = [api.Message] }),
        ValidationException validation => Problem(
            StatusCodes.Status400BadRequest,
            ErrorCodes.InvalidParameter,
            string.Join("; ", validation.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")),
            validation.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray())),
        BadHttpRequestException bad => Problem(bad.StatusCode, ErrorCodes.ForStatus(bad.StatusCode), BadRequestMessage(bad), null),
        InvalidDataException tooMuchForm => Problem(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, tooMuchForm.Message, null),
        JsonException json => Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidParameter, $"Malformed JSON: {json.Message}", null),
        DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, ErrorCodes.Conflict, "The resource was changed by another request; read it again and retry.", null),
        _ => Problem(StatusCodes.Status500InternalServerError, ErrorCodes.Internal, "An internal error occurred.", null),
    };

    private static string BadRequestMessage(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? $"Malformed JSON: {json.Message}" : bad.Message;

    private static ProblemDetails Problem(int status, int code, string detail, Dictionary<string, string[]>? errors)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ReasonPhrases.GetReasonPhrase(status),
            Detail = detail,
            Type = ErrorCodes.MoreInfo(code),
        };
        problem.Extensions["code"] = code;
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return problem;
    }
}
