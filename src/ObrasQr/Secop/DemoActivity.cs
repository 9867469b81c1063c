using System.Globalization;
using ObrasQr.Auth;
using ObrasQr.Progress;
using ObrasQr.Reports;

namespace ObrasQr.Secop;

/// <summary>
/// What a demo office has done on its first weeks, so the desk, /estadisticas, Open311 and /mapa do not start empty: a
/// citizen report in every state (one marked publishable) and a progress entry with a place. It goes through the same
/// domain services as a citizen, an auditor and the office, so each step obeys the rules they do. Development only,
/// right after the demo exports go into an empty store.
/// </summary>
public sealed class DemoActivity(ReportIntake intake, ReportWorkflow workflow, ProgressLog progress, TimeProvider clock)
{
    const string Entity = "890480184";
    static readonly Caller Auditor = new("Control interno (demo)", Roles.Auditor, Entity);
    static readonly Caller Office = new("Oficina de contratación (demo)", Roles.Office, Entity);

    /// <summary>The work whose progress entry places it on the map, and that place (the school's lot in Nuevo Bosque).</summary>
    public const string MappedWork = DemoData.SampleContractId;
    public const double MappedLatitude = 10.3958, MappedLongitude = -75.4937;

    public async Task SeedAsync(CancellationToken ct)
    {
        await Report("CO1.PCCNTR.4120988", "obra_paralizada",
            "Hace tres semanas no hay nadie trabajando en el frente de la calle y las zanjas siguen abiertas.", ct);

        var inReview = await Report("CO1.PCCNTR.5361557", "mala_calidad",
            "El concreto de las columnas del bloque B se ve hormigueado y con hierros a la vista.", ct);
        await Move(inReview, ReportStatus.InReview, "Se pidió a la interventoría un informe de la fundida del bloque B.", ct: ct);

        var forwarded = await Report("CO1.PCCNTR.3987001", "dano_ambiental",
            "Están botando escombros de la obra en el manglar junto a la ciénaga, detrás de la estación de servicio.", ct);
        await Move(forwarded, ReportStatus.InReview, "Revisado: el vertimiento en el manglar es asunto de la autoridad ambiental.", ct: ct);
        await Move(forwarded, ReportStatus.Forwarded, "Trasladado por competencia (Ley 1755 de 2015, art. 21).",
            forwardedTo: "Establecimiento Público Ambiental de Cartagena (EPA)", ct: ct);

        var answered = await Report("CO1.PCCNTR.5361557", "riesgo_comunidad",
            "La malla del cerramiento está caída sobre el andén de la entrada del colegio y los niños pasan por la calle.", ct,
            place: "Entrada principal, frente al parque del barrio Nuevo Bosque");
        await Move(answered, ReportStatus.InReview, "Visita de verificación programada.", ct: ct);
        await Move(answered, ReportStatus.Answered, "Visitada la obra; el contratista repuso la malla.",
            publicAnswer: "Visitamos la obra y encontramos la malla caída. El contratista la repuso el mismo día y la interventoría vigilará que se mantenga.", ct: ct);
        await workflow.SetPublishableAsync(answered, true, Auditor, ct);

        var closed = await Report("CO1.PCCNTR.4120988", "sobrecosto",
            "En el barrio dicen que la obra ya costó el doble de lo que se anunció en la valla.", ct);
        await Move(closed, ReportStatus.InReview, "Se revisan las adiciones del contrato en SECOP II.", ct: ct);
        await Move(closed, ReportStatus.Answered, "Las adiciones están publicadas en SECOP II.",
            publicAnswer: "Revisamos los documentos del contrato: no tiene adiciones de valor; el valor es el publicado en SECOP II y en esta página.", ct: ct);
        await Move(closed, ReportStatus.Closed, "Respuesta entregada; se cierra.", ct: ct);

        var observed = ColombiaTime.Today(clock).AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var entry = await progress.RecordAsync(MappedWork, new ProgressSubmission
        {
            Date = observed, Percent = "35",
            Note = "Visita de la oficina: estructura del bloque A terminada, cubierta en montaje.",
            Latitude = MappedLatitude.ToString(CultureInfo.InvariantCulture), Longitude = MappedLongitude.ToString(CultureInfo.InvariantCulture),
        }, [], Office, ct);
        if (entry is not ProgressLog.Recorded) throw new InvalidOperationException($"The demo's progress entry was refused: {entry}");
    }

    async Task<string> Report(string contractId, string category, string description, CancellationToken ct, string? place = null)
    {
        var outcome = await intake.SubmitAsync(contractId, new ReportSubmission
        {
            Category = category, Description = description, Location = place is null ? null : new ReportLocation(null, null, place),
        }, [], idempotencyKey: null, client: "demo", ct);
        return outcome is ReportOutcome.Submitted submitted ? submitted.Report.ReportId
            : throw new InvalidOperationException($"The demo's report on {contractId} was refused: {outcome}");
    }

    async Task Move(string reportId, string status, string note, string? publicAnswer = null, string? forwardedTo = null, CancellationToken ct = default)
    {
        if (await workflow.ChangeStatusAsync(reportId, new StatusChangeRequest(status, note, publicAnswer, forwardedTo), Auditor, ct) is not ReportOutcome.Changed)
            throw new InvalidOperationException($"The demo could not move report {reportId} to {status}.");
    }
}
