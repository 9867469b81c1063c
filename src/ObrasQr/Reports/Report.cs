using System.Text.Json.Serialization;

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
    public IReadOnlyList<StatusChange> History { get; init; } = [];
    /// <summary>Optimistic concurrency: bumped on every update.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Ley 962 de 2005 art. 81: an anonymous report needs evidence to be acted on.</summary>
    public bool LacksEvidence => Anonymous && Photos.Count == 0 && Location is not ({ Lat: not null, Lon: not null } or { Text.Length: > 0 });

    /// <summary>Ley 1755 art. 21: when the report belongs to another authority, it must be forwarded by this day.</summary>
    [JsonIgnore]
    public DateOnly ForwardBy => ColombianCalendar.AddBusinessDays(
        DateOnly.FromDateTime(ReceivedAt.ToOffset(ColombiaTime.Offset).DateTime), ReportDesk.ForwardingBusinessDays);

    public bool IsOverdue(DateOnly today) => ReportStatus.IsOpen(Status) && today > Deadline;

    /// <summary>The report after an allowed status change, or null when the change is not allowed.</summary>
    public Report? ChangeStatus(string? to, string? note, string? publicAnswer, string by, DateTimeOffset at)
    {
        if (to is null || string.IsNullOrWhiteSpace(note) || !ReportStatus.CanMove(Status, to)) return null;
        // The citizen is owed an answer: "respondido" without one would be a false promise.
        if (to == ReportStatus.Answered && string.IsNullOrWhiteSpace(publicAnswer) && PublicAnswer is null) return null;
        return this with
        {
            Status = to,
            PublicAnswer = string.IsNullOrWhiteSpace(publicAnswer) ? PublicAnswer : publicAnswer.Trim(),
            History = [.. History, new StatusChange(Status, to, note.Trim(), by, at)],
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

public sealed record StatusChangeRequest(string? Status, string? Note, string? PublicAnswer);

public sealed record ReportLocation(double? Lat, double? Lon, string? Text);

public sealed record StatusChange(string From, string To, string Note, string By, DateTimeOffset At);

/// <summary>Personal data (Ley 1581 de 2012): stored apart from the report, shown only to auditors.</summary>
public sealed record ReporterIdentity(
    string ReportId, string? Name, string? Email, string? Phone, DateTimeOffset ConsentedAt, string ConsentText);

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

    /// <summary>The statuses that are open (<paramref name="open"/>) or not: stores filter with this list.</summary>
    public static IReadOnlyList<string> Where(bool open) => open ? Open : [.. Labels.Keys.Where(s => !IsOpen(s))];

    // recibido -> en_revision -> (trasladado) -> respondido -> cerrado
    static readonly Dictionary<string, string[]> Next = new()
    {
        [Received] = [InReview],
        [InReview] = [Forwarded, Answered],
        [Forwarded] = [Answered],
        [Answered] = [Closed],
        [Closed] = [],
    };

    public static bool CanMove(string from, string to) => Next.TryGetValue(from, out var next) && next.Contains(to);

    public static string WhyNot(string from, string? to, string? note, string? publicAnswer = null) =>
        string.IsNullOrWhiteSpace(note) ? "A note is required to change the status."
        : to == Answered && CanMove(from, to) && string.IsNullOrWhiteSpace(publicAnswer) ? "Moving to 'respondido' needs the publicAnswer the citizen will read."
        : to is null || !Next.ContainsKey(to) ? $"Unknown status '{to}'; use one of {string.Join(", ", Next.Keys)}."
        : $"A report in '{from}' can move to {(Next[from].Length == 0 ? "no other status" : string.Join(" or ", Next[from]))}, not '{to}'.";
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
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>Open reports whose deadline is before this day.</summary>
    public DateOnly? OverdueOn { get; init; }
    /// <summary>Only open reports (true) or only the others (false): <see cref="ReportStatus.Where"/>.</summary>
    public bool? Open { get; init; }
    public (DateTimeOffset ReceivedAt, string ReportId)? After { get; init; }
    public int Take { get; init; } = 50;
}
