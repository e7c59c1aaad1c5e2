using System.Text.Json;
using FluentAssertions;

namespace Telephony.Testing;

public static class Form
{
    public static FormUrlEncodedContent Of(params (string Key, string Value)[] fields) =>
        new(fields.Select(field => KeyValuePair.Create(field.Key, field.Value)));
}

public static class HttpResponseExtensions
{
    /// <summary>Reads the body as JSON, failing with the body in the message when it is not.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} with a body that is not JSON: {body}");
        }
    }

    /// <summary>Asserts the status and returns the JSON body, showing the body when the status differs.</summary>
    public static async Task<JsonElement> ShouldBeAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be((int)status, "the body was {0}", body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 problem with Twilio's fields, and returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var problem = await response.ShouldBeAsync(status);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("code").GetInt32().Should().BePositive();
        problem.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("more_info").GetString().Should().NotBeNullOrWhiteSpace();
        return problem;
    }
}
