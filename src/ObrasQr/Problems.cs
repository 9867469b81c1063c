using Microsoft.AspNetCore.Http;

namespace ObrasQr;

/// <summary>application/problem+json answers for API clients: what went wrong, and where.</summary>
public static class Problems
{
    public static IResult Status(int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status);

    public static IResult Field(string field, string reason, int status = StatusCodes.Status400BadRequest) =>
        Results.Problem(
            title: "Invalid request",
            detail: $"{field}: {reason}",
            statusCode: status,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });

    public static IResult NotFound(string what) =>
        Results.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);
}
