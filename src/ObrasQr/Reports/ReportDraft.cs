using System.Globalization;
using Microsoft.AspNetCore.Http;
using ObrasQr.Http;

namespace ObrasQr.Reports;

/// <summary>
/// What the citizen typed in a form (the page's, or the API's multipart variant), as typed: a refused form comes back
/// with all of it. The one place that knows the form's field names and their aliases (the page's short names first,
/// then the API's dotted ones); <see cref="ToSubmission"/> turns it into the report it describes.
/// </summary>
public sealed record ReportDraft
{
    public static readonly ReportDraft Empty = new();

    public string? Category { get; init; }
    public string? Description { get; init; }
    public string? Place { get; init; }
    public string? Lat { get; init; }
    public string? Lon { get; init; }
    public bool Anonymous { get; init; } = true;
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public bool Consent { get; init; }
    public bool Notify { get; init; }
    /// <summary>The form's idempotency token, issued on a refused form's answer; none from the work's page.</summary>
    public string? Token { get; init; }
    /// <summary>The server's token for photos held from an earlier try (<see cref="HeldPhotos"/>).</summary>
    public string? HeldToken { get; init; }

    /// <summary>Contact details typed in: when the report is anonymous they are not kept, and the receipt says so.</summary>
    public bool HasContact => !string.IsNullOrWhiteSpace(Name) || !string.IsNullOrWhiteSpace(Email) || !string.IsNullOrWhiteSpace(Phone);

    public static ReportDraft From(IFormCollection form) => new()
    {
        Category = FormBody.First(form, "category"),
        Description = FormBody.First(form, "description"),
        Place = FormBody.First(form, "place", "location.text"),
        Lat = FormBody.First(form, "lat", "location.lat"),
        Lon = FormBody.First(form, "lon", "location.lon"),
        Anonymous = Flag(FormBody.First(form, "anonymous")) ?? true,
        Name = FormBody.First(form, "name", "reporter.name"),
        Email = FormBody.First(form, "email", "reporter.email"),
        Phone = FormBody.First(form, "phone", "reporter.phone"),
        Consent = Flag(FormBody.First(form, "consent", "reporter.consent")) == true,
        Token = FormBody.First(form, "token"),
        HeldToken = FormBody.First(form, "held"),
        Notify = Flag(FormBody.First(form, "notify", "reporter.notify")) == true,
    };

    /// <summary>The report this draft describes; the problem when a coordinate is not a number. The rest is checked
    /// once, by <see cref="ReportSubmission.Problem"/>.</summary>
    public (ReportSubmission Submission, FieldProblem? Problem) ToSubmission()
    {
        var numbers = TryNumber(Lat, out var lat) & TryNumber(Lon, out var lon);
        var location = lat is null && lon is null && Place is null ? null : new ReportLocation(lat, lon, Place);
        var submission = new ReportSubmission
        {
            Category = Category,
            Description = Description,
            Anonymous = Anonymous,
            Location = location,
            // An anonymous report keeps nothing of what may have been typed in the identity fields.
            Reporter = Anonymous ? null : new ReporterInput(Name, Email, Phone, Consent, Notify),
        };
        return (submission, numbers ? null : new FieldProblem("location", "La latitud y la longitud deben ser números."));
    }

    static bool? Flag(string? value) => value?.ToLowerInvariant() switch
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
