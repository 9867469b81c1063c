using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ObrasQr.Http;

/// <summary>
/// The answer to an error no handler expected, the same on both hosts: a 500 problem with a Spanish title and a
/// correlation id, which is also in the one log line that carries the exception, so whoever reports the failure can be
/// matched to it. Nothing of the exception reaches the body: its text may name a table, a path or a citizen's input.
/// The server runs it from <c>UseExceptionHandler</c> (<see cref="UnhandledErrorHandler"/>), the Functions app from
/// its worker middleware.
/// </summary>
public static partial class UnhandledError
{
    public const string Reason = "No pudimos atender la solicitud por una falla nuestra. Intente de nuevo en unos minutos; " +
        "si vuelve a ocurrir, comunique el código de correlación a la entidad.";

    /// <summary>The request's trace id when it is traced (what telemetry keys on), else the host's request id.</summary>
    public static string CorrelationId(HttpContext context) =>
        Activity.Current is { } activity && activity.TraceId != default ? activity.TraceId.ToHexString() : context.TraceIdentifier;

    /// <summary>Logs the error with <paramref name="correlationId"/> and, when nothing was sent yet, answers it.</summary>
    public static async Task AnswerAsync(HttpContext context, Exception error, string correlationId, ILogger log)
    {
        // The path only: a query string or a form may carry a tracking code or a citizen's words.
        Failed(log, error, context.Request.Method, context.Request.Path.Value ?? "", correlationId);
        if (context.Response.HasStarted) return; // the client sees a cut answer; the log line is what remains
        context.Response.Clear();
        var problem = TypedResults.Problem(
            title: Problems.TitleOf(StatusCodes.Status500InternalServerError),
            detail: Reason,
            statusCode: StatusCodes.Status500InternalServerError,
            extensions: new Dictionary<string, object?>
            {
                ["correlationId"] = correlationId,
                ["errors"] = new Dictionary<string, string[]> { [""] = [Reason] },
            });
        context.Response.Headers.CacheControl = "no-store";
        await problem.ExecuteAsync(context);
    }

    [LoggerMessage(LogLevel.Error, "Unhandled error answering {Method} {Path}; correlation id {CorrelationId}")]
    static partial void Failed(ILogger log, Exception error, string method, string path, string correlationId);
}

/// <summary>The server's <c>UseExceptionHandler</c> answers through <see cref="UnhandledError"/>.</summary>
public sealed class UnhandledErrorHandler(ILogger<UnhandledErrorHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        await UnhandledError.AnswerAsync(context, exception, UnhandledError.CorrelationId(context), log);
        return true;
    }
}
