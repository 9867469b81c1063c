using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Pages;

namespace ObrasQr.Http;

/// <summary>
/// What a body that could not be read means for the one who sent it: a body cut short or garbled (a dropped mobile
/// connection, a hand-made request) is a 400, one sent too slowly (the server's minimum data rate) a 408, one over
/// its limit a 413; never a 500. Applied around every route on both hosts (<see cref="RouteRules.RunAsync"/>).
/// </summary>
public static class UnreadableBody
{
    public static FieldProblem Damaged(string field = "body") => new(field,
        "El envío llegó incompleto o dañado (se cortó la conexión o el formato no es válido). Envíelo de nuevo.");

    public static FieldProblem TooSlow(string field = "body") => new(field,
        "El envío llegó demasiado lento y la conexión se cerró. Intente de nuevo con una conexión más estable.",
        StatusCodes.Status408RequestTimeout);

    public static FieldProblem TooLarge(string field, long maxBytes) =>
        new(field, $"El envío supera el máximo de {BodyLimit.Size(maxBytes)}.", StatusCodes.Status413PayloadTooLarge);

    /// <summary>The problem a failure to read the body stands for; null when the exception is something else.</summary>
    public static FieldProblem? Problem(Exception e, string field = "body", long? maxBytes = null) => e switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(field, maxBytes ?? BodyLimit.Export),
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => TooSlow(field),
        BadHttpRequestException => Damaged(field),
        // The form readers say "limit" when a multipart section or value count is over its bound.
        InvalidDataException when maxBytes is not null && e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => TooLarge(field, maxBytes.Value),
        InvalidDataException or IOException or FormatException => Damaged(field),
        // The framework's form feature reports a body cut inside a section this way.
        InvalidOperationException when e.InnerException is IOException or BadHttpRequestException => Damaged(field),
        _ => null,
    };

    /// <summary>The answer for a route whose handler could not read its body: problem+json for API clients, a Spanish
    /// page for people in a browser. Null when the exception is not about the body, or the answer already started.</summary>
    public static async Task<bool> TryAnswerAsync(HttpContext context, HttpRoute route, Exception e)
    {
        if (context.Response.HasStarted || Problem(e, "body", route.BodyLimit) is not { } problem) return false;
        context.Response.Clear();
        context.Response.Headers.CacheControl = CachePolicy.NoStore.Header;
        if (problem.Status == StatusCodes.Status408RequestTimeout) context.Response.Headers.Connection = "close";
        var answer = route.Document
            ? Problems.Of(problem)
            : await context.RequestServices.GetRequiredService<PageRenderer>().PageAsync<UnreadableRequestPage>(
                new Dictionary<string, object?> { ["Message"] = problem.Reason }, problem.Status);
        await answer.ExecuteAsync(context);
        return true;
    }
}
