namespace ObrasQr.Reports;

/// <summary>What the law says about a report: its deadline (Ley 1755 de 2015), the forwarding term and the consent an
/// identified reporter gives (Ley 1581 de 2012). The receipt, the follow-up, the desk and the figures read them here.</summary>
public static class ReportLaw
{
    /// <summary>
    /// The authorisation an identified reporter gives, kept with their data as proof (Decreto 1377 de 2013 art. 7):
    /// names the party responsible, the purpose, the rights and where to exercise them (Ley 1581 de 2012 art. 12).
    /// </summary>
    public static string ConsentText(TrustOptions trust) =>
        $"Autorizo a {trust.EntityName}, responsable del tratamiento, a usar mis datos personales (nombre, correo, teléfono) " +
        "solo para dar trámite y respuesta a este reporte y contactarme sobre él, conforme a la Ley 1581 de 2012 y el Decreto 1377 de 2013. " +
        $"Solo los verán los auditores encargados. Puedo conocer, actualizar, rectificar o suprimir mis datos y revocar esta autorización escribiendo a {trust.Email}.";

    /// <summary>Every category is a complaint (queja/denuncia): the general term of Ley 1755 art. 14 applies.</summary>
    public static PetitionKind KindOf(string category) => PetitionKind.General;

    /// <summary>Ley 1755 art. 21: a non-competent authority forwards the petition within 5 business days.</summary>
    public const int ForwardingBusinessDays = 5;

    /// <summary>The legal deadline of a report of this category received at <paramref name="receivedAt"/>, in Colombian
    /// business days from its day in Colombia.</summary>
    public static DateOnly DeadlineOf(string category, DateTimeOffset receivedAt) =>
        ColombianCalendar.AddBusinessDays(DateOnly.FromDateTime(receivedAt.ToOffset(ColombiaTime.Offset).DateTime), KindOf(category).LegalDays());
}
