using Microsoft.AspNetCore.Http;

namespace ObrasQr.Staff;

/// <summary>Answers of the desk's door shared by the sign-in handlers and <see cref="Http.RouteRules"/>.</summary>
public static class DeskAnswers
{
    public const string SignInPath = "/escritorio/entrar";

    /// <summary>303 See Other: after a form, the browser follows with a GET (302 lets it repeat the POST).</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    /// <summary>The sign-in form's address that brings the person back to <paramref name="path"/> afterwards.</summary>
    public static string SignInFor(string? path) =>
        LocalPath(path) is { } back && back != "/escritorio" ? $"{SignInPath}?volver={Uri.EscapeDataString(back)}" : SignInPath;

    /// <summary><paramref name="path"/> when it is a path of this site (so "volver" cannot send anyone elsewhere);
    /// otherwise null. Refuses "//host" and "/\host", which browsers read as another site, and control characters.</summary>
    public static string? LocalPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 2000 || path[0] != '/') return null;
        if (path.Length > 1 && path[1] is '/' or '\\') return null;
        if (path.Any(c => char.IsControl(c) || c == '\\')) return null;
        return path;
    }

    sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
