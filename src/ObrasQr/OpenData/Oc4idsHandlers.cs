using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Http;
using ObrasQr.Storage;

namespace ObrasQr.OpenData;

/// <summary>GET /api/oc4ids.json: every published work as an OC4IDS 0.9 project package, for anyone.</summary>
public static class Oc4idsHandlers
{
    public static readonly FieldProblem NotANit =
        new("entity", "Escriba el NIT de la entidad: solo dígitos, con o sin el dígito de verificación (890480184 o 890480184-4).");

    /// <summary>Streams the package <see cref="OpenDataBuild"/> wrote (the whole store's, or one entity's with
    /// ?entity=NIT): nothing here reads a work.</summary>
    [Answers(StatusCodes.Status200OK, "application/json"), Answers(StatusCodes.Status206PartialContent, "application/json"),
     Answers(StatusCodes.Status304NotModified), Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Package(string? entity, IFileStore files, OpenDataBuild build, CancellationToken ct)
    {
        if (Scope(entity) is not { } scope) return Problems.Of(NotANit);
        return await OpenDataFiles.ServeAsync(files, build, OpenDataFiles.Oc4ids(scope.Nit), "application/json; charset=utf-8", null, NoWorks(scope.Nit), ct);
    }

    /// <summary>The entity an open-data route is asked for (?entity=); null when the text is not a NIT.</summary>
    public static EntityScope? Scope(string? entity) =>
        string.IsNullOrWhiteSpace(entity) ? new(null) : Nit(entity) is { } nit ? new(nit) : null;

    public static FieldProblem NoWorks(string? nit) => new("entity",
        nit is null ? "Todavía no hay obras publicadas." : $"No hay obras publicadas de la entidad con NIT {nit}.", StatusCodes.Status404NotFound);

    /// <summary>The NIT without its check digit ("890480184-4" and "890480184" are the same entity); null when it is not a NIT.</summary>
    public static string? Nit(string? text)
    {
        var t = (text ?? "").Trim().Replace(".", "", StringComparison.Ordinal);
        var dash = t.IndexOf('-');
        var number = dash < 0 ? t : t[..dash];
        if (dash >= 0 && (t.Length != dash + 2 || !char.IsAsciiDigit(t[^1]))) return null;
        return number.Length is >= 5 and <= 15 && number.All(char.IsAsciiDigit) ? number : null;
    }
}

/// <param name="Nit">The entity's NIT without check digit; null for every entity.</param>
public sealed record EntityScope(string? Nit);
