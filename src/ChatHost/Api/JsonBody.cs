using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// Reads a JSON request body into a record, turning malformed JSON, a wrong type and an oversized
/// body into an OpenAI-style error instead of an exception.
/// </summary>
public static partial class JsonBody
{
    public static async Task<(T? Value, ApiFailure? Failure)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, cancellationToken);
            return value is null
                ? (null, ApiFailure.BadRequest("The request body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Describe(ex));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Unreadable(ex));
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Kestrel's chunk parser reports some framing errors (a chunk size that overflows) as a plain IOException.
            return (null, ApiFailure.BadRequest($"The request body could not be read: {ex.Message.TrimEnd('.')}.", null, "invalid_body"));
        }
    }

    /// <summary>
    /// Reads an OpenAI request body and checks it with <paramref name="check"/>; on the first thing wrong, writes its
    /// error response and returns null, so an endpoint only goes on with a checked input.
    /// </summary>
    public static async Task<TInput?> ReadCheckedAsync<TRequest, TInput>(
        HttpContext http, Func<TRequest, (TInput? Input, ApiFailure? Failure)> check, CancellationToken cancellationToken)
        where TRequest : class
        where TInput : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(check);
        var (request, bodyFailure) = await ReadAsync<TRequest>(http.Request, OpenAiJson.Options, cancellationToken);
        var (input, failure) = request is null ? (null, bodyFailure) : check(request);
        if (input is null)
        {
            await failure!.ToResult().ExecuteAsync(http);
        }

        return input;
    }

    /// <summary>
    /// A body Kestrel could not read: too large (413), slower than the minimum data rate (408), or broken framing such
    /// as a malformed chunk size or a chunked body cut short (400). Each is the client's, so each has its own status.
    /// </summary>
    public static ApiFailure Unreadable(BadHttpRequestException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => new ApiFailure(StatusCodes.Status413PayloadTooLarge, new ApiError("The request body is too large.", ApiFailure.InvalidRequest, null, "request_too_large")),
            StatusCodes.Status408RequestTimeout => new ApiFailure(StatusCodes.Status408RequestTimeout, new ApiError("The request body arrived more slowly than this server accepts; send it at once.", ApiFailure.InvalidRequest, null, "request_timeout")),
            _ => ApiFailure.BadRequest($"The request body could not be read: {ex.Message.TrimEnd('.')}.", null, "invalid_body"),
        };
    }

    private static ApiFailure Describe(JsonException ex)
    {
        var param = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1})" : string.Empty;
        if (ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && param is not null)
        {
            return ApiFailure.BadRequest($"Invalid type for '{param}'{where}.", param, "invalid_type");
        }

        if (UnmappedMember().Match(ex.Message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups["name"].Value;
            return ApiFailure.BadRequest($"Unrecognized request argument supplied: {name}", name, "unsupported_parameter");
        }

        return ApiFailure.BadRequest($"The request body is not valid JSON{where}.", param, "invalid_json");
    }

    /// <summary>System.Text.Json's words for a field the record does not have (UnmappedMemberHandling.Disallow).</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^The JSON property '(?<name>[^']+)' could not be mapped", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex UnmappedMember();
}
