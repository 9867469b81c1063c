using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ObrasQr.Http;

/// <summary>What is wrong with a request: the field (JSON property, form field, query parameter, route value or header)
/// and why, in Spanish. The one shape every rule, handler and store refusal uses.</summary>
public sealed record FieldProblem(string Field, string Reason, int Status = StatusCodes.Status400BadRequest);

/// <summary>application/problem+json for every audience: a Spanish title for the status, the reason as detail, and
/// <c>errors: { field: [reason] }</c> so a client can put the message next to the field.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    static readonly Dictionary<int, string> Titles = new()
    {
        [StatusCodes.Status400BadRequest] = "Solicitud no válida",
        [StatusCodes.Status401Unauthorized] = "Falta identificarse",
        [StatusCodes.Status403Forbidden] = "Sin permiso",
        [StatusCodes.Status404NotFound] = "No encontrado",
        [StatusCodes.Status409Conflict] = "Conflicto",
        [StatusCodes.Status413PayloadTooLarge] = "Demasiado grande",
        [StatusCodes.Status415UnsupportedMediaType] = "Formato no admitido",
        [StatusCodes.Status422UnprocessableEntity] = "No se puede aplicar",
        [StatusCodes.Status429TooManyRequests] = "Demasiadas solicitudes",
        [StatusCodes.Status500InternalServerError] = "Error del servidor",
        [StatusCodes.Status503ServiceUnavailable] = "Intente más tarde",
    };

    public static string TitleOf(int status) => Titles.GetValueOrDefault(status, "Solicitud no atendida");

    public static ProblemHttpResult Of(FieldProblem problem) => Of(problem.Field, problem.Reason, problem.Status);

    public static ProblemHttpResult Of(string field, string reason, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(
            title: TitleOf(status),
            detail: reason,
            statusCode: status,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });

    public static ProblemHttpResult NotFound(string field, string reason) => Of(field, reason, StatusCodes.Status404NotFound);
}

/// <summary>Declares, on a handler, a status it may answer with a problem: read by the OpenAPI document.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProblemAttribute(int statusCode) : Attribute, IProducesResponseTypeMetadata
{
    public Type? Type => typeof(ProblemDetails);
    public int StatusCode => statusCode;
    public IEnumerable<string> ContentTypes => [Problems.ContentType];
    public string? Description => null;
}

/// <summary>Declares, on a handler that answers with bytes (an image, a file), what a successful answer is, for the
/// OpenAPI document: typed results say it for JSON.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class AnswersAttribute(int statusCode, params string[] contentTypes) : Attribute, IProducesResponseTypeMetadata
{
    public Type? Type => statusCode == StatusCodes.Status200OK ? typeof(byte[]) : null;
    public int StatusCode => statusCode;
    public IEnumerable<string> ContentTypes => contentTypes;
    public string? Description => null;
}
