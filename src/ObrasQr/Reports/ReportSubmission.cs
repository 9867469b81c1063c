using ObrasQr.Http;

namespace ObrasQr.Reports;

/// <summary>What a citizen sends, from the page's form or the JSON API.</summary>
public sealed record ReportSubmission
{
    public const int MinDescription = 10;
    public const int MaxDescription = 4000;
    // The form's maxlength attributes read these too.
    public const int MaxPlace = 300, MaxName = 200, MaxEmail = 200, MaxPhone = 50;

    public string? Category { get; init; }
    public string? Description { get; init; }
    public bool Anonymous { get; init; } = true;
    public ReportLocation? Location { get; init; }
    public ReporterInput? Reporter { get; init; }

    /// <summary>The first problem found, as (field, reason in Spanish), or null when the submission can be stored.</summary>
    public FieldProblem? Problem()
    {
        if (Category is null || !ReportCategory.Labels.ContainsKey(Category))
            return new FieldProblem("category", $"Elija una categoría: {string.Join(", ", ReportCategory.Labels.Keys)}.");
        var length = Description?.Trim().Length ?? 0;
        if (length < MinDescription)
            return new FieldProblem("description", $"Describa lo que vio en al menos {MinDescription} caracteres.");
        if (length > MaxDescription)
            return new FieldProblem("description", $"La descripción admite hasta {MaxDescription} caracteres.");
        // NaN and infinities compare false with every bound: refused by name, or they would pass and break storage.
        if (Location is { Lat: < -90 or > 90 } or { Lon: < -180 or > 180 }
            || Location?.Lat is { } lat && !double.IsFinite(lat) || Location?.Lon is { } lon && !double.IsFinite(lon))
            return new FieldProblem("location", "La ubicación no es válida.");
        if (Location?.Text is { Length: > MaxPlace })
            return new FieldProblem("location.text", $"La descripción del lugar admite hasta {MaxPlace} caracteres.");
        if (!Anonymous)
        {
            // Ley 1581 de 2012: personal data only with explicit, informed consent.
            if (Reporter is not { Consent: true })
                return new FieldProblem("reporter.consent", "Para un reporte con sus datos debe autorizar su tratamiento (Ley 1581 de 2012).");
            if (string.IsNullOrWhiteSpace(Reporter.Name) ||
                (string.IsNullOrWhiteSpace(Reporter.Email) && string.IsNullOrWhiteSpace(Reporter.Phone)))
                return new FieldProblem("reporter", "Indique su nombre y un correo o teléfono de contacto, o envíe el reporte como anónimo.");
            if (Reporter.Name.Length > MaxName || Reporter.Email?.Length > MaxEmail || Reporter.Phone?.Length > MaxPhone)
                return new FieldProblem("reporter", "Los datos de contacto son demasiado largos.");
        }
        return null;
    }
}

/// <param name="Notify">"Avisarme por correo": each status change is mailed to <paramref name="Email"/> (src/ObrasQr/Mail).</param>
public sealed record ReporterInput(string? Name, string? Email, string? Phone, bool Consent, bool Notify = false);
