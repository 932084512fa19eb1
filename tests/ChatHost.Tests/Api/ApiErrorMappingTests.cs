using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Errors;
using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>The API's one mapping of failures: kind to status and OpenAI type, the exception's code and param into the body.</summary>
public sealed class ApiErrorMappingTests
{
    public static TheoryData<ErrorKind, int, string> Kinds() => new()
    {
        { ErrorKind.BadInput, 400, "invalid_request_error" },
        { ErrorKind.NotFound, 404, "invalid_request_error" },
        { ErrorKind.Conflict, 409, "invalid_request_error" },
        { ErrorKind.Gone, 410, "invalid_request_error" },
        { ErrorKind.TooLarge, 413, "invalid_request_error" },
        { ErrorKind.Busy, 503, "server_error" },
        { ErrorKind.Unavailable, 502, "server_error" },
        { ErrorKind.Unusable, 500, "server_error" },
    };

    /// <summary>What clients saw for each exception before the error model (ApiErrors' list of types): it must not change.</summary>
    public static TheoryData<ModelScaleException, int, string, string?, string?> Answers() => new()
    {
        { new ContextLengthExceededException(5000, 2048), 400, "invalid_request_error", "messages", "context_length_exceeded" },
        { new CatalogException("No profile 'x'."), 404, "invalid_request_error", "model", "model_not_found" },
        { new ModelBusyException("tiny", 3), 503, "server_error", null, "model_busy" },
        { new ModelLoadException("Does not load."), 500, "server_error", "model", "model_load_failed" },
        { new GgufFormatException("Not a GGUF."), 500, "server_error", "model", "model_load_failed" },
        { new SessionNotFoundException("s1"), 404, "invalid_request_error", "id", "session_not_found" },
        { new SessionBusyException("s1"), 409, "invalid_request_error", null, "session_busy" },
        { new SessionDeletedException("s1"), 410, "invalid_request_error", "id", "session_deleted" },
        { new RemoteTierException("Unreachable."), 502, "server_error", "model", "remote_tier_failed" },
        { new ConversationException("No turns."), 400, "invalid_request_error", "conversation", null },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EveryKind_HasItsStatusAndType(ErrorKind kind, int status, string type)
    {
        var (http, body) = await HandleAsync(new ModelScaleException(kind, "One sentence."));

        Assert.Equal(status, http.Response.StatusCode);
        Assert.Equal(type, body.GetProperty("type").GetString());
        Assert.Equal("One sentence.", body.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("param").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("code").ValueKind);
        Assert.Equal(kind == ErrorKind.Busy, http.Response.Headers.RetryAfter.Count > 0);
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task EveryProjectException_GetsTheStatusAndBodyItAlwaysGot(ModelScaleException exception, int status, string type, string? param, string? code)
    {
        var (http, body) = await HandleAsync(exception);

        Assert.Equal(status, http.Response.StatusCode);
        Assert.Equal(exception.Message, body.GetProperty("message").GetString());
        Assert.Equal(type, body.GetProperty("type").GetString());
        Assert.Equal(param, body.GetProperty("param").GetString());
        Assert.Equal(code, body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ABug_IsAPlain500_ThatSaysNothingOfItAndIsLogged()
    {
        var logs = new ListLogger();

        var (http, body) = await HandleAsync(new InvalidOperationException("secret detail"), logs);

        Assert.Equal(500, http.Response.StatusCode);
        Assert.Equal("The server had an error while processing your request.", body.GetProperty("message").GetString());
        Assert.Equal("server_error", body.GetProperty("type").GetString());
        Assert.DoesNotContain("secret", body.ToString());
        Assert.Single(logs.Errors);
    }

    [Fact]
    public async Task AnExpectedFailure_IsNotLogged()
    {
        var logs = new ListLogger();

        await HandleAsync(new SessionNotFoundException("s1"), logs);

        Assert.Empty(logs.Errors);
    }

    [Fact]
    public async Task MidStream_TheErrorIsTheLastEvent()
    {
        var handler = new ApiExceptionHandler(NullLogger<ApiExceptionHandler>.Instance);
        var http = NewContext();

        await handler.WriteEventAsync(http, new ModelBusyException("tiny", 3), NativeJson.Options);

        var text = ReadBody(http);
        Assert.StartsWith("data: ", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text["data: ".Length..].Trim());
        Assert.Equal("model_busy", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public void TheEndpoints_CatchOnlyACancelledRequestOrAnErrorAfterTheirFirstEvent()
    {
        // Every other failure escapes to ApiExceptionHandler: no endpoint keeps its own list of expected errors.
        foreach (var file in Directory.GetFiles(RepoRoot.File("src", "ChatHost", "Api"), "*Endpoint*.cs"))
        {
            var lines = File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.StartsWith("catch", StringComparison.Ordinal));
            foreach (var line in lines)
            {
                Assert.True(
                    line.StartsWith("catch (OperationCanceledException)", StringComparison.Ordinal)
                        || line.Contains("when (http.Response.HasStarted)", StringComparison.Ordinal)
                        || line == "catch (CatalogException)",
                    $"{Path.GetFileName(file)}: '{line}' catches what ApiExceptionHandler should answer");
            }
        }
    }

    private static async Task<(HttpContext Http, JsonElement Error)> HandleAsync(Exception exception, ILogger<ApiExceptionHandler>? logger = null)
    {
        var handler = new ApiExceptionHandler(logger ?? NullLogger<ApiExceptionHandler>.Instance);
        var http = NewContext();

        Assert.True(await handler.TryHandleAsync(http, exception, CancellationToken.None));

        using var json = JsonDocument.Parse(ReadBody(http));
        return (http, json.RootElement.GetProperty("error").Clone());
    }

    private static DefaultHttpContext NewContext() => new()
    {
        RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
    };

    private static string ReadBody(HttpContext http)
    {
        http.Response.Body.Position = 0;
        return new StreamReader(http.Response.Body).ReadToEnd();
    }

    private sealed class ListLogger : ILogger<ApiExceptionHandler>
    {
        public List<Exception?> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Errors.Add(exception);
            }
        }
    }
}
