using Microsoft.Extensions.Options;
using ObrasQr.Contracts;
using ObrasQr.Reports;
using ObrasQr.Staff;

namespace ObrasQr.Mail;

/// <summary>What one outbox row comes to when its time comes.</summary>
public abstract record Composed;
/// <summary>An event turned into one row per recipient.</summary>
public sealed record FanOut(IReadOnlyList<OutboxMessage> Rows) : Composed;
public sealed record Letter(string To, string Subject, string Body) : Composed;
public sealed record NothingToSend(string Why) : Composed;
/// <summary>What the row is about is not stored yet (on Azure the row is written before it): try again later.</summary>
public sealed record NotYet(string Why) : Composed;

/// <summary>
/// Turns outbox rows into mail, reading the store at sending time: the words are Spanish and plain; no mail carries a
/// tracking code, and none to staff carries a reporter's identity or description (a description can name its author).
/// </summary>
public sealed class MailComposer(IReportStore reports, IStaffStore staff, IContractStore contracts, IdentityProtector identities,
    IOptionsMonitor<ObrasQrOptions> options, TimeProvider clock)
{
    /// <summary>How long a row may wait for the report it is about before the write that made it counts as failed.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    /// <summary>Reports due within this many business days are in the morning digest.</summary>
    public const int DueSoonBusinessDays = 3;

    public async Task<Composed> ComposeAsync(OutboxMessage row, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        switch (row.Kind)
        {
            case OutboxKind.ReportReceived:
                if (await reports.FindAsync(row.ReportId!, ct) is not { } arrived) return Missing(row, now);
                return new FanOut([.. (await AuditorsOf(arrived.EntityNit, ct))
                    .Where(m => m.MailNotices == MailPreference.EachReport)
                    .Select(m => row.For(OutboxKind.NewReport, m.Id, now))]);
            case OutboxKind.Digest:
                return new FanOut([.. (await AuditorsOf(null, ct, everyEntity: true))
                    .Where(m => m.MailNotices != MailPreference.None)
                    .Select(m => row.For(OutboxKind.StaffDigest, m.Id, now))]);
            case OutboxKind.NewReport:
                if (await reports.FindAsync(row.ReportId!, ct) is not { } report) return new NothingToSend("El reporte ya no existe.");
                if (await RecipientAsync(row.StaffId!, report.EntityNit, ct) is not { } auditor) return new NothingToSend("La cuenta ya no recibe este aviso.");
                return await NewReportLetterAsync(report, auditor, ct);
            case OutboxKind.StaffDigest:
                if (await RecipientAsync(row.StaffId!, null, ct, everyEntity: true) is not { } reader) return new NothingToSend("La cuenta ya no recibe avisos.");
                return await DigestLetterAsync(reader, row.Day!.Value, ct);
            case OutboxKind.ReportChanged:
                return await CitizenLetterAsync(row, now, ct);
            case OutboxKind.PasswordResetLink:
                return await ResetLetterAsync(row, now, ct);
            default:
                return new NothingToSend($"Tipo de aviso desconocido '{row.Kind}'.");
        }
    }

    static Composed Missing(OutboxMessage row, DateTimeOffset now) =>
        now - row.QueuedAt < Grace ? new NotYet("El reporte todavía no está guardado.") : new NothingToSend("El reporte no llegó a guardarse.");

    /// <summary>Active auditors with an e-mail who see reports of this entity: its own and those of every entity.</summary>
    async Task<IReadOnlyList<StaffMember>> AuditorsOf(string? entityNit, CancellationToken ct, bool everyEntity = false) =>
        [.. (await staff.ListAsync(ct)).Where(m => Receives(m, entityNit, everyEntity))];

    static bool Receives(StaffMember m, string? entityNit, bool everyEntity) =>
        !m.Disabled && m.Role == Auth.Roles.Auditor && !string.IsNullOrWhiteSpace(m.Email) && m.MailNotices != MailPreference.None
        && (everyEntity || m.EntityNit is null || m.EntityNit == entityNit);

    async Task<StaffMember?> RecipientAsync(string staffId, string? entityNit, CancellationToken ct, bool everyEntity = false) =>
        await staff.FindAsync(staffId, ct) is { } m && Receives(m, entityNit, everyEntity) ? m : null;

    async Task<Composed> NewReportLetterAsync(Report report, StaffMember auditor, CancellationToken ct)
    {
        var work = await WorkNameAsync(report.ContractId, ct);
        return new Letter(auditor.Email, $"Nuevo reporte ciudadano: {Category(report)} en {Short(work)}", $"""
            Llegó un reporte ciudadano.

            Obra: {work}
            Contrato: {report.ContractId}
            Categoría: {Category(report)}
            Recibido: {SpanishDate.Of(report.ReceivedAt)}
            Fecha límite para responder: {SpanishDate.Of(report.Deadline)}

            Véalo en el escritorio: {DeskLink(report)}

            {StaffFooter(auditor)}
            """);
    }

    async Task<Composed> DigestLetterAsync(StaffMember reader, DateOnly day, CancellationToken ct)
    {
        var scope = reader.EntityNit;
        var overdue = await reports.ListAsync(new ReportQuery { EntityNit = scope, OverdueOn = day, Take = 200 }, ct);
        var dueSoon = await reports.ListAsync(new ReportQuery
        {
            EntityNit = scope, DueFrom = day, DueBy = ColombianCalendar.AddBusinessDays(day, DueSoonBusinessDays), Take = 200,
        }, ct);
        IReadOnlyList<Report> arrived = [];
        if (reader.MailNotices == MailPreference.DailyDigest)
            arrived = await reports.ListAsync(new ReportQuery { EntityNit = scope, From = DigestMoment(PreviousBusinessDay(day)), To = DigestMoment(day), Take = 200 }, ct);
        if (overdue.Count + dueSoon.Count + arrived.Count == 0) return new NothingToSend("Nada que avisar hoy.");

        var text = new System.Text.StringBuilder();
        text.Append($"Resumen de reportes ciudadanos del {SpanishDate.Of(day)}.\n");
        await SectionAsync(text, "Vencidos (pasó la fecha límite y no tienen respuesta)", overdue, ct);
        await SectionAsync(text, $"Vencen en los próximos {DueSoonBusinessDays} días hábiles", dueSoon, ct);
        await SectionAsync(text, "Llegaron desde el resumen anterior", arrived, ct);
        text.Append('\n').Append(StaffFooter(reader));
        var subject = $"Resumen de reportes: {overdue.Count} vencidos, {dueSoon.Count} por vencer" +
            (reader.MailNotices == MailPreference.DailyDigest ? $", {arrived.Count} nuevos" : "");
        return new Letter(reader.Email, subject, text.ToString());
    }

    async Task SectionAsync(System.Text.StringBuilder text, string title, IReadOnlyList<Report> list, CancellationToken ct)
    {
        if (list.Count == 0) return;
        text.Append($"\n{title}: {list.Count}\n");
        foreach (var r in list.OrderBy(r => r.Deadline))
            text.Append($"- {await WorkNameAsync(r.ContractId, ct)} · {Category(r)} · fecha límite {SpanishDate.Of(r.Deadline)}\n  {DeskLink(r)}\n");
    }

    async Task<Composed> CitizenLetterAsync(OutboxMessage row, DateTimeOffset now, CancellationToken ct)
    {
        var report = await reports.FindAsync(row.ReportId!, ct);
        if (report is null || report.Version < row.Version) return Missing(row, now);
        // Each change adds one history entry and one version: the change that made version v is entry v - 2.
        var index = row.Version!.Value - 2;
        if (index < 0 || index >= report.History.Count || report.History[index] is not { } change || change.From == change.To)
            return new NothingToSend("No cambió el estado.");
        if (await reports.FindIdentityAsync(report.ReportId, ct) is not { } sealedIdentity
            || identities.Open(sealedIdentity).NotifyEmail is not { Length: > 0 } address)
            return new NothingToSend("El ciudadano no pidió avisos por correo.");

        var trust = options.CurrentValue.Trust;
        var text = new System.Text.StringBuilder();
        text.Append($"Su reporte sobre la obra «{await WorkNameAsync(report.ContractId, ct)}» ({Category(report)}), recibido el {SpanishDate.Of(report.ReceivedAt)}, ");
        text.Append($"pasó a: {ReportStatus.Labels.GetValueOrDefault(change.To, change.To)}.\n");
        if (change.ForwardedTo is { } authority) text.Append($"\nLo trasladamos a: {authority}. Esa autoridad le dará respuesta (Ley 1755 de 2015, art. 21).\n");
        if (report.PublicAnswer is { Length: > 0 } answer) text.Append($"\nRespuesta de la entidad:\n{answer}\n");
        text.Append($"\nPara ver el detalle entre a {Base()}/seguimiento y escriba el código de seguimiento que recibió al enviar el reporte. ");
        text.Append("Por seguridad ese código nunca va en un correo.\n");
        text.Append($"\nRecibe este correo porque al enviar su reporte pidió que le avisáramos. {trust.OfficeName}, {trust.EntityName}. Para dejar de recibirlos escriba a {trust.Email}.\n");
        return new Letter(address, $"Su reporte ciudadano: {ReportStatus.Labels.GetValueOrDefault(change.To, change.To)}", text.ToString());
    }

    /// <summary>The link of an admin's reset, while it still opens: a newer reset, a use or the hour passing make it
    /// pointless to send.</summary>
    async Task<Composed> ResetLetterAsync(OutboxMessage row, DateTimeOffset now, CancellationToken ct)
    {
        if (await staff.FindAsync(row.StaffId!, ct) is not { Disabled: false, ResetLink: { } link } member || string.IsNullOrWhiteSpace(member.Email))
            return new NothingToSend("La cuenta ya no espera un enlace para restablecer la contraseña.");
        if (identities.OpenSecret(row.Secret, member.Id, PasswordReset.SealField) is not { } token || !PasswordReset.Opens(link, token))
            return new NothingToSend("Un restablecimiento posterior reemplazó este enlace.");
        if (link.ExpiresAt <= now) return new NothingToSend("El enlace venció antes de poder enviarlo.");
        var until = link.ExpiresAt.ToOffset(ColombiaTime.Offset);
        return new Letter(member.Email, "Enlace para elegir una contraseña nueva del escritorio", $"""
            Hola, {member.Name}:

            {link.By}, quien administra las cuentas del escritorio, pidió que usted elija una contraseña nueva.

            Para elegir una contraseña nueva abra este enlace:
            {Base()}{PasswordReset.LinkPath}?clave={token}

            El enlace sirve una sola vez y vale una hora: hasta las {until:HH:mm} (hora de Colombia) del {SpanishDate.Of(until)}.
            Mientras no elija una nueva, su contraseña actual sigue sirviendo.

            Si no lo pidió, ignore este mensaje.
            """);
    }

    /// <summary>The morning moment of a business day (Colombia) from which its digest goes out.</summary>
    public DateTimeOffset DigestMoment(DateOnly day) =>
        new(day.ToDateTime(new TimeOnly(options.CurrentValue.Mail.DigestHour, 0)), ColombiaTime.Offset);

    static DateOnly PreviousBusinessDay(DateOnly day)
    {
        do day = day.AddDays(-1); while (!ColombianCalendar.IsBusinessDay(day));
        return day;
    }

    async Task<string> WorkNameAsync(string contractId, CancellationToken ct) =>
        (await contracts.FindAsync(contractId, ct))?.Contract.Object ?? $"Contrato {contractId}";

    static string Category(Report r) => ReportCategory.Labels.GetValueOrDefault(r.Category, r.Category);

    static string Short(string text) => text.Length <= 60 ? text : text[..57].TrimEnd() + "…";

    string Base() => (options.CurrentValue.PublicBaseUrl ?? "").TrimEnd('/');

    string DeskLink(Report r) => $"{Base()}/escritorio/reportes/{Uri.EscapeDataString(r.ReportId)}";

    string StaffFooter(StaffMember m) =>
        $"Recibe este correo porque en el escritorio eligió «{MailPreference.Labels.GetValueOrDefault(m.MailNotices, m.MailNotices)}». " +
        "Para cambiarlo, pídalo a quien administra las cuentas del escritorio.";
}

/// <summary>Dates as people write them in Colombia: "7 de diciembre de 2026".</summary>
public static class SpanishDate
{
    static readonly string[] Months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

    public static string Of(DateOnly day) => $"{day.Day} de {Months[day.Month - 1]} de {day.Year}";

    public static string Of(DateTimeOffset at) => Of(DateOnly.FromDateTime(at.ToOffset(ColombiaTime.Offset).DateTime));
}
