using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using ObrasQr.Http;

namespace ObrasQr.Reports;

/// <summary>
/// A report as it arrives over HTTP, from JSON, from the API's multipart variant or from the page's form, read
/// within size limits: 64 KB for JSON, 45 MB for multipart (up to five photos of 8 MB each), refused with 413
/// from the declared length when there is one, and while reading when there is not.
/// </summary>
public sealed record ReportRequest(ReportSubmission Submission, IReadOnlyList<byte[]> Photos, string? IdempotencyKey)
{
    public const long MaxJsonBytes = BodyLimit.Json;
    /// <summary>Five photos of up to 8 MB and the report's fields.</summary>
    public const long MaxMultipartBytes = 45 * 1024 * 1024;

    public static async Task<(ReportRequest? Request, FieldProblem? Problem)> ReadAsync(HttpRequest request)
    {
        if (Header(request) is { Length: > ReportDesk.MaxKeyLength })
            return (null, new FieldProblem("Idempotency-Key", $"La clave de idempotencia admite hasta {ReportDesk.MaxKeyLength} caracteres."));
        if (request.HasJsonContentType()) return await ReadJsonAsync(request);
        if (request.HasFormContentType) return await ReadFormAsync(request);
        return (null, new FieldProblem("body",
            "Envíe el reporte como application/json o multipart/form-data.", StatusCodes.Status415UnsupportedMediaType));
    }

    static readonly FieldProblem Damaged = new("body",
        "El formulario llegó incompleto o dañado (multipart/form-data sin un límite válido). Envíelo de nuevo.");

    static FieldProblem TooLarge(long max) =>
        new("body", $"El envío supera el máximo de {max / 1024 / 1024.0:0.##} MB.", StatusCodes.Status413PayloadTooLarge);

    static async Task<(ReportRequest?, FieldProblem?)> ReadJsonAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxJsonBytes) return (null, TooLarge(MaxJsonBytes));
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes) return (null, TooLarge(MaxJsonBytes));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            var submission = JsonSerializer.Deserialize<ReportSubmission>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), JsonSerializerOptions.Web);
            return submission is null
                ? (null, new FieldProblem("body", "Se requiere un reporte en JSON."))
                : (new ReportRequest(submission, [], Header(request)), null);
        }
        catch (JsonException e)
        {
            return (null, new FieldProblem("body", $"JSON no válido: {e.Message}"));
        }
    }

    static async Task<(ReportRequest?, FieldProblem?)> ReadFormAsync(HttpRequest request)
    {
        var (form, problem) = await ReadFormFieldsAsync(request);
        if (problem is not null) return (null, problem);

        var (photos, photoProblem) = await PhotoBatch.ReadAsync(form!, request.HttpContext.RequestAborted);
        if (photoProblem is not null) return (null, photoProblem);

        var (submission, invalid) = SubmissionOf(form!);
        if (invalid is not null) return (null, invalid);
        var key = Header(request) ?? First(form!, "token");
        if (key is { Length: > ReportDesk.MaxKeyLength })
            return (null, new FieldProblem("token", $"La clave del formulario admite hasta {ReportDesk.MaxKeyLength} caracteres."));
        return (new ReportRequest(submission!, photos!, key), null);
    }

    /// <summary>A multipart form read within the limits above; its photos are left for the caller to check.</summary>
    public static async Task<(IFormCollection? Form, FieldProblem? Problem)> ReadFormFieldsAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxMultipartBytes) return (null, TooLarge(MaxMultipartBytes));
        if (request.ContentType is { } type && type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
            && (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var media)
                || Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(media.Boundary) is not { Length: > 0 and <= 70 }))
            return (null, Damaged);
        try
        {
            return (await request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = MaxMultipartBytes,
                ValueLengthLimit = (int)MaxJsonBytes,
                ValueCountLimit = 64,
            }, request.HttpContext.RequestAborted), null);
        }
        // Only a body over a limit is "too large"; a missing or bad boundary, garbage or a body cut short is a
        // damaged form, said as such (it was a 413 or, unhandled, a 500).
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)) { return (null, TooLarge(MaxMultipartBytes)); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return (null, TooLarge(MaxMultipartBytes)); }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or FormatException or InvalidOperationException)
        {
            if (request.HttpContext.RequestAborted.IsCancellationRequested) throw;
            return (null, Damaged);
        }
    }

    /// <summary>The photo parts that carry bytes: a file input left empty still sends one part with no name and no bytes.</summary>
    public static List<IFormFile> PhotoFiles(IFormCollection form) => form.Files.GetFiles("photos").Where(f => f.Length > 0).ToList();

    public static async Task<byte[]> BytesOf(IFormFile file, CancellationToken ct)
    {
        using var copy = new MemoryStream((int)file.Length);
        await file.CopyToAsync(copy, ct);
        return copy.ToArray();
    }

    /// <summary>The report the form's fields describe (photos apart).</summary>
    public static (ReportSubmission? Submission, FieldProblem? Problem) SubmissionOf(IFormCollection form)
    {
        var anonymous = Flag(First(form, "anonymous")) ?? true;
        if (!TryNumber(First(form, "location.lat", "lat"), out var lat) || !TryNumber(First(form, "location.lon", "lon"), out var lon))
            return (null, new FieldProblem("location", "La latitud y la longitud deben ser números."));
        var place = First(form, "location.text", "place");
        var location = lat is null && lon is null && place is null ? null : new ReportLocation(lat, lon, place);
        return (new ReportSubmission
        {
            Category = First(form, "category"),
            Description = First(form, "description"),
            Anonymous = anonymous,
            Location = location,
            // An anonymous report keeps nothing of what may have been typed in the identity fields.
            Reporter = anonymous ? null : new ReporterInput(
                First(form, "reporter.name", "name"), First(form, "reporter.email", "email"), First(form, "reporter.phone", "phone"),
                Flag(First(form, "reporter.consent", "consent")) == true, Flag(First(form, "reporter.notify", "notify")) == true),
        }, null);
    }

    internal static string? Header(HttpRequest request) =>
        request.Headers["Idempotency-Key"] is { Count: > 0 } key && !StringValues.IsNullOrEmpty(key) ? key.ToString() : null;

    internal static string? First(IFormCollection form, params string[] names)
    {
        foreach (var name in names)
            if (form[name].ToString() is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        return null;
    }

    internal static bool? Flag(string? value) => value?.ToLowerInvariant() switch
    {
        "si" or "sí" or "true" or "on" or "1" => true,
        "no" or "false" or "off" or "0" => false,
        _ => null,
    };

    static bool TryNumber(string? text, out double? value)
    {
        value = null;
        if (text is null) return true;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number)) return false;
        value = number;
        return true;
    }
}
