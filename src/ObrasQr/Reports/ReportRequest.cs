using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ObrasQr.Http;

namespace ObrasQr.Reports;

/// <summary>
/// A report as it arrives over HTTP, from JSON, from the API's multipart variant or from the page's form, read once
/// within size limits: 64 KB for JSON, 45 MB for multipart (up to five photos of 8 MB each), refused with 413 from the
/// declared length when there is one, and while reading when there is not. The form's fields are read by
/// <see cref="ReportDraft"/> and its photos by <see cref="PhotoBatch.ReadAsync"/>, for the page and the API alike;
/// nothing here decodes a photo or judges a field (<see cref="ReportIntake.SubmitAsync"/> does, once).
/// </summary>
/// <param name="Draft">The form as typed; null for JSON.</param>
/// <param name="TooBig">Photos over a photo's size, not read, each said in Spanish.</param>
/// <param name="Unparsed">A field that could not even be read as its type (a coordinate that is not a number).</param>
public sealed record ReportRequest(ReportSubmission Submission, ReportDraft? Draft, IReadOnlyList<PhotoBatch.Sent> Photos,
    IReadOnlyList<string> TooBig, FieldProblem? Unparsed, string? IdempotencyKey)
{
    public const long MaxJsonBytes = BodyLimit.Json;
    /// <summary>Five photos of up to 8 MB and the report's fields.</summary>
    public const long MaxMultipartBytes = 45 * 1024 * 1024;

    /// <summary>The report, or why the body could not be read at all (nothing in it to show back).</summary>
    public static async Task<(ReportRequest? Request, FieldProblem? Problem)> ReadAsync(HttpRequest request)
    {
        if (Header(request) is { Length: > ReportIntake.MaxKeyLength })
            return (null, new FieldProblem("Idempotency-Key", $"La clave de idempotencia admite hasta {ReportIntake.MaxKeyLength} caracteres."));
        if (request.HasJsonContentType()) return await ReadJsonAsync(request);
        if (request.HasFormContentType) return await ReadFormAsync(request);
        return (null, new FieldProblem("body",
            "Envíe el reporte como application/json o multipart/form-data.", StatusCodes.Status415UnsupportedMediaType));
    }

    static async Task<(ReportRequest?, FieldProblem?)> ReadJsonAsync(HttpRequest request)
    {
        var tooLarge = UnreadableBody.TooLarge("body", MaxJsonBytes);
        if (request.ContentLength > MaxJsonBytes) return (null, tooLarge);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes) return (null, tooLarge);
            buffer.Write(chunk, 0, read);
        }
        try
        {
            var submission = JsonSerializer.Deserialize<ReportSubmission>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), JsonSerializerOptions.Web);
            return submission is null
                ? (null, new FieldProblem("body", "Se requiere un reporte en JSON."))
                : (new ReportRequest(submission, null, [], [], null, Header(request)), null);
        }
        catch (JsonException e)
        {
            return (null, new FieldProblem("body", $"JSON no válido: {e.Message}"));
        }
    }

    static async Task<(ReportRequest?, FieldProblem?)> ReadFormAsync(HttpRequest request)
    {
        var (form, problem) = await FormBody.ReadAsync(request, MaxMultipartBytes);
        if (problem is not null) return (null, problem);
        var draft = ReportDraft.From(form!);
        var key = Header(request) ?? draft.Token;
        if (key is { Length: > ReportIntake.MaxKeyLength })
            return (null, new FieldProblem("token", $"La clave del formulario admite hasta {ReportIntake.MaxKeyLength} caracteres."));
        var (photos, tooBig) = await PhotoBatch.ReadAsync(form!, request.HttpContext.RequestAborted);
        var (submission, unparsed) = draft.ToSubmission();
        return (new ReportRequest(submission, draft, photos, tooBig, unparsed, key), null);
    }

    internal static string? Header(HttpRequest request) =>
        request.Headers["Idempotency-Key"] is { Count: > 0 } key && !StringValues.IsNullOrEmpty(key) ? key.ToString() : null;
}
