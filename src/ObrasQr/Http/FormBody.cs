using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace ObrasQr.Http;

/// <summary>
/// The one reader of form bodies (urlencoded or multipart) and the one place that says, in Spanish, why a body could
/// not be read: over its limit (413), cut short or damaged (400), or sent too slowly (408). Readers elsewhere that
/// call the framework directly are covered by <see cref="UnreadableBody"/>, which answers the same for anything
/// that escapes them.
/// </summary>
public static class FormBody
{
    /// <summary>Fields and parts a form may carry: the report's dozen and the desk's forms fit well within.</summary>
    public const int MaxValues = 64;

    public static async Task<(IFormCollection? Form, FieldProblem? Problem)> ReadAsync(HttpRequest request, long maxBytes,
        string field = "body")
    {
        if (!request.HasFormContentType)
            return (null, new FieldProblem(field, "Envíe el formulario como multipart/form-data o application/x-www-form-urlencoded.",
                StatusCodes.Status415UnsupportedMediaType));
        if (request.ContentLength > maxBytes) return (null, UnreadableBody.TooLarge(field, maxBytes));
        if (request.ContentType is { } type && type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
            && (!MediaTypeHeaderValue.TryParse(type, out var media) || HeaderUtilities.RemoveQuotes(media.Boundary) is not { Length: > 0 and <= 70 }))
            return (null, UnreadableBody.Damaged(field));
        try
        {
            return (await request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = maxBytes,
                ValueLengthLimit = (int)Math.Min(maxBytes, BodyLimit.Json),
                ValueCountLimit = MaxValues,
            }, request.HttpContext.RequestAborted), null);
        }
        catch (Exception e) when (UnreadableBody.Problem(e, field, maxBytes) is { } problem)
        {
            return (null, problem);
        }
    }

    /// <summary>The first of these fields that holds more than blanks, trimmed: forms name fields by a short name and
    /// the API by a dotted one.</summary>
    public static string? First(IFormCollection form, params string[] names)
    {
        foreach (var name in names)
            if (form[name].ToString() is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        return null;
    }
}
