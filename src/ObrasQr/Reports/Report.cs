using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using ObrasQr.Http;

namespace ObrasQr.Reports;

/// <summary>A citizen's report of an irregularity in a public work. Never holds the reporter's identity.</summary>
public sealed record Report
{
    public required string ReportId { get; init; }
    public required string ContractId { get; init; }
    /// <summary>The NIT of the entity whose contract it is, when reported: staff see only their entity's reports.
    /// Null for reports kept before entities were recorded (only staff of every entity see those on Azure).</summary>
    public string? EntityNit { get; init; }
    public required string Category { get; init; }
    public required string Description { get; init; }
    public bool Anonymous { get; init; } = true;
    public ReportLocation? Location { get; init; }
    public IReadOnlyList<string> Photos { get; init; } = [];
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateOnly Deadline { get; init; }
    public string Status { get; init; } = ReportStatus.Received;
    /// <summary>SHA-256 of the normalised tracking code; the code itself is shown once and never stored.</summary>
    public required string TrackingCodeHash { get; init; }
    /// <summary>SHA-256 of the client's Idempotency-Key (or the form's token); the key itself is not kept.</summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>SHA-256 of the request that key first came with: a retry must match it.</summary>
    public string? RequestHash { get; init; }
    public string? PublicAnswer { get; init; }
    /// <summary>An auditor allowed the description and photos to be published as open data (Open311); off by default,
    /// because a report about corruption can expose its author. The reporter's identity is never published.</summary>
    public bool Publishable { get; init; }
    /// <summary>The competent authority the report was forwarded to (Ley 1755 de 2015 art. 21); the citizen is told.</summary>
    public string? ForwardedTo { get; init; }
    /// <summary>The staff member (their sign-in name) who handles it, or null while nobody does ("Mis reportes").</summary>
    public string? AssignedTo { get; init; }
    public IReadOnlyList<StatusChange> History { get; init; } = [];
    /// <summary>Optimistic concurrency: bumped on every update.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Ley 962 de 2005 art. 81: an anonymous report needs evidence to be acted on.</summary>
    public bool LacksEvidence => Anonymous && Photos.Count == 0 && Location is not ({ Lat: not null, Lon: not null } or { Text.Length: > 0 });

    /// <summary>Ley 1755 art. 21: when the report belongs to another authority, it must be forwarded by this day.</summary>
    [JsonIgnore]
    public DateOnly ForwardBy => ColombianCalendar.AddBusinessDays(
        DateOnly.FromDateTime(ReceivedAt.ToOffset(ColombiaTime.Offset).DateTime), ReportLaw.ForwardingBusinessDays);

    public bool IsOverdue(DateOnly today) => ReportStatus.IsOverdue(Status, Deadline, today);

    /// <summary>
    /// This report as received at <paramref name="at"/>, its deadline counted from that day: a retry that finds its
    /// key claimed by an earlier attempt stores the report under the time that attempt claimed, so both write one row.
    /// </summary>
    public Report ReceivedOn(DateTimeOffset at) => this with { ReceivedAt = at, Deadline = ReportLaw.DeadlineOf(Category, at) };

    /// <summary>Longest name of a competent authority kept for a forwarding.</summary>
    public const int MaxAuthorityLength = 200;

    /// <summary>The report after an allowed status change, or null when the change is not allowed
    /// (<see cref="ReportStatus.WhyNot"/> says why).</summary>
    public Report? ChangeStatus(string? to, string? note, string? publicAnswer, string by, DateTimeOffset at, string? forwardedTo = null)
    {
        if (ReportStatus.WhyNot(Status, to, note, string.IsNullOrWhiteSpace(publicAnswer) ? PublicAnswer : publicAnswer, forwardedTo) is not null) return null;
        var authority = to == ReportStatus.Forwarded ? forwardedTo!.Trim() : null;
        return this with
        {
            Status = to!,
            PublicAnswer = string.IsNullOrWhiteSpace(publicAnswer) ? PublicAnswer : publicAnswer.Trim(),
            ForwardedTo = authority ?? ForwardedTo,
            History = [.. History, new StatusChange(Status, to!, note!.Trim(), by, at, authority)],
            Version = Version + 1,
        };
    }

    /// <summary>The report handed to <paramref name="to"/> (null: to nobody), kept in its history under the name of who
    /// did it (the status stays: From and To are the same); null when it already was so.</summary>
    public Report? Assign(string? to, string by, DateTimeOffset at)
    {
        to = string.IsNullOrWhiteSpace(to) ? null : to.Trim();
        return to == AssignedTo ? null : this with
        {
            AssignedTo = to,
            History = [.. History, new StatusChange(Status, Status, to is null ? "Sin asignar: ya nadie lo tiene a cargo." : $"Asignado a {to}.", by, at)],
            Version = Version + 1,
        };
    }

    /// <summary>The report with its publication decision changed, kept in its history under the auditor's name (the
    /// status stays: From and To are the same); null when it already was so.</summary>
    public Report? MarkPublishable(bool publishable, string by, DateTimeOffset at) =>
        publishable == Publishable ? null : this with
        {
            Publishable = publishable,
            History = [.. History, new StatusChange(Status, Status,
                publishable ? "Marcado publicable: la descripción y las fotos se publican como datos abiertos."
                            : "Retirado de los datos abiertos: la descripción y las fotos dejan de publicarse.", by, at)],
            Version = Version + 1,
        };
}

/// <param name="ForwardedTo">The competent authority, required to move to "trasladado".</param>
public sealed record StatusChangeRequest(string? Status, string? Note, string? PublicAnswer, string? ForwardedTo = null);

public sealed record ReportLocation(double? Lat, double? Lon, string? Text);

/// <param name="By">The person (or API key) who made the change.</param>
/// <param name="ForwardedTo">On a forwarding: the authority it went to.</param>
public sealed record StatusChange(string From, string To, string Note, string By, DateTimeOffset At, string? ForwardedTo = null);

/// <summary>Personal data (Ley 1581 de 2012): stored apart from the report, shown only to auditors.</summary>
/// <param name="NotifyEmail">Where to tell the reporter of each status change, only when they asked for it ("avisarme
/// por correo"); sealed like the rest, so the stored data shows neither the address nor the wish.</param>
public sealed record ReporterIdentity(
    string ReportId, string? Name, string? Email, string? Phone, DateTimeOffset ConsentedAt, string ConsentText, string? NotifyEmail = null);

public static class ReportStatus
{
    public const string Received = "recibido";
    public const string InReview = "en_revision";
    public const string Forwarded = "trasladado";
    public const string Answered = "respondido";
    public const string Closed = "cerrado";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Received] = "Recibido",
        [InReview] = "En revisión",
        [Forwarded] = "Trasladado a la autoridad competente",
        [Answered] = "Respondido",
        [Closed] = "Cerrado",
    };

    /// <summary>The statuses in which the citizen is still owed an answer, so a passed deadline makes the report overdue.
    /// The one definition: both stores build their overdue queries (and SQLite its partial index) from this list.</summary>
    public static readonly IReadOnlyList<string> Open = [Received, InReview, Forwarded];

    public static bool IsOpen(string status) => Open.Contains(status);

    /// <summary>Open, and its deadline passed: overdue changes with the day, without any event.</summary>
    public static bool IsOverdue(string status, DateOnly deadline, DateOnly today) => IsOpen(status) && today > deadline;

    /// <summary>The statuses that are open (<paramref name="open"/>) or not: stores filter with this list.</summary>
    public static IReadOnlyList<string> Where(bool open) => open ? Open : [.. Labels.Keys.Where(s => !IsOpen(s))];

    // recibido -> en_revision -> (trasladado) -> respondido -> cerrado; an open report may be answered in one step.
    static readonly Dictionary<string, string[]> Next = new()
    {
        [Received] = [InReview, Answered],
        [InReview] = [Forwarded, Answered],
        [Forwarded] = [Answered],
        [Answered] = [Closed],
        [Closed] = [],
    };

    public static bool CanMove(string from, string to) => Next.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>Why a change is refused, as the field to fix and a reason in Spanish (422: the request is
    /// well formed, the workflow refuses it); null when it is allowed.</summary>
    /// <param name="publicAnswer">The answer the citizen will read after the change (the new one, or the one kept).</param>
    public static FieldProblem? WhyNot(string from, string? to, string? note, string? publicAnswer = null, string? forwardedTo = null) =>
        to is null || !Next.ContainsKey(to) ? Refuse("status", $"Estado desconocido '{to}'; use uno de: {string.Join(", ", Next.Keys)}.")
        : !CanMove(from, to) ? Refuse("status", $"Un reporte en '{from}' puede pasar a {(Next[from].Length == 0 ? "ningún otro estado" : string.Join(" o ", Next[from]))}, no a '{to}'.")
        : string.IsNullOrWhiteSpace(note) ? Refuse("note", "Escriba una nota para el historial: es obligatoria en cada cambio de estado.")
        // The citizen is owed an answer: "respondido" without one would be a false promise.
        : to == Answered && string.IsNullOrWhiteSpace(publicAnswer) ? Refuse("publicAnswer", "Para pasar a 'respondido' escriba la respuesta que leerá el ciudadano.")
        // Ley 1755 de 2015 art. 21: the citizen is told to which authority the petition went.
        : to == Forwarded && string.IsNullOrWhiteSpace(forwardedTo) ? Refuse("forwardedTo", "Para trasladar, escriba el nombre de la autoridad competente; el ciudadano lo verá.")
        : to == Forwarded && forwardedTo!.Trim().Length > Report.MaxAuthorityLength ? Refuse("forwardedTo", $"El nombre de la autoridad admite hasta {Report.MaxAuthorityLength} caracteres.")
        : null;

    static FieldProblem Refuse(string field, string reason) => new(field, reason, StatusCodes.Status422UnprocessableEntity);

    /// <summary>The statuses a report in <paramref name="from"/> may move to.</summary>
    public static IReadOnlyList<string> NextOf(string from) => Next.TryGetValue(from, out var next) ? next : [];
}

public static class ReportCategory
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["obra_paralizada"] = "Obra paralizada",
        ["mala_calidad"] = "Mala calidad de la obra",
        ["sobrecosto"] = "Sobrecosto",
        ["riesgo_comunidad"] = "Riesgo para la comunidad",
        ["dano_ambiental"] = "Daño ambiental",
        ["cobro_indebido"] = "Cobro indebido",
        ["otro"] = "Otro",
    };
}

/// <summary>Filters of the auditors' desk. Paging is by the (ReceivedAt, ReportId) of the last item seen.</summary>
public sealed record ReportQuery
{
    /// <summary>Only reports about this entity's contracts (a staff member's scope).</summary>
    public string? EntityNit { get; init; }
    public string? ContractId { get; init; }
    public string? Status { get; init; }
    public string? Category { get; init; }
    /// <summary>Reports in any of these categories (Open311's comma-separated service_code).</summary>
    public IReadOnlyList<string>? Categories { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>Open reports whose deadline is before this day.</summary>
    public DateOnly? OverdueOn { get; init; }
    /// <summary>Only open reports (true) or only the others (false): <see cref="ReportStatus.Where"/>.</summary>
    public bool? Open { get; init; }
    /// <summary>With <see cref="DueBy"/>: open reports whose deadline falls from this day (today: not yet overdue)...</summary>
    public DateOnly? DueFrom { get; init; }
    /// <summary>...to this one, both included ("vence en los próximos N días hábiles").</summary>
    public DateOnly? DueBy { get; init; }
    /// <summary>Only reports assigned to this staff member ("Mis reportes").</summary>
    public string? AssignedTo { get; init; }
    /// <summary>Earliest deadline first (then id), instead of newest first; <see cref="After"/> then holds the last
    /// report's deadline (as midnight UTC) and id.</summary>
    public bool ByDeadline { get; init; }
    public (DateTimeOffset ReceivedAt, string ReportId)? After { get; init; }
    public int Take { get; init; } = 50;

    /// <summary>A deadline as the position <see cref="After"/> holds when sorting <see cref="ByDeadline"/>.</summary>
    public static DateTimeOffset DeadlinePosition(DateOnly deadline) => new(deadline.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
