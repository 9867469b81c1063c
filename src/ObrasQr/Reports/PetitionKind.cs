namespace ObrasQr.Reports;

/// <summary>
/// The kinds of petition (derecho de petición) that Ley 1755 de 2015 art. 14 gives different answer deadlines.
/// </summary>
public enum PetitionKind
{
    /// <summary>Any petition not covered by a special rule: 15 business days.</summary>
    General,

    /// <summary>A request for documents or information: 10 business days.</summary>
    Documents,

    /// <summary>A consultation to an authority about matters in its charge: 30 business days.</summary>
    Consultation,
}

public static class PetitionKindExtensions
{
    // Ley 1755 de 2015 art. 14 (general rule and its numerals 1 and 2).
    private const int GeneralBusinessDays = 15;
    private const int DocumentsBusinessDays = 10;
    private const int ConsultationBusinessDays = 30;

    /// <summary>
    /// The legal deadline in business days (días hábiles), counted from the day after filing;
    /// feed it to <see cref="ColombianCalendar.AddBusinessDays"/>.
    /// </summary>
    public static int LegalDays(this PetitionKind kind) => kind switch
    {
        PetitionKind.General => GeneralBusinessDays,
        PetitionKind.Documents => DocumentsBusinessDays,
        PetitionKind.Consultation => ConsultationBusinessDays,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown petition kind."),
    };
}
