using System.Globalization;

namespace ObrasQr.Contracts;

/// <summary>
/// The figures a citizen reads on a work's page, computed from its synchronised history and today's date in
/// Colombia, and worded so that no sentence claims more than the data shows. Every page fact is computed here.
/// </summary>
public sealed record ContractFacts
{
    /// <summary>Added days beyond this share of the original term make a red flag.</summary>
    public const decimal LongExtensionShare = 0.5m;

    /// <summary>What the page says for a value the source leaves out: never a 0 that SECOP did not publish.</summary>
    public const string NoData = "sin dato en SECOP II";

    public required Contract Current { get; init; }
    /// <summary>Registered by the entity in ObrasQr (<see cref="ManualWorks"/>), not published in SECOP II: the page says
    /// so, and nothing SECOP would tell (payments, additions, the process) is available.</summary>
    public bool NotInSecop { get; init; }
    /// <summary>Null when ObrasQr cannot know the value before any addition (see <see cref="Additions"/>).</summary>
    public decimal? InitialValue { get; init; }
    public decimal? Additions { get; init; }
    /// <summary>When <see cref="InitialValue"/> is unknown: the first value ObrasQr saw (SECOP II publishes no initial
    /// value, only the current one) and the rises in value seen since then; what was added before is unknown.</summary>
    public decimal? FirstSeenValue { get; init; }
    public decimal? AdditionsSeen { get; init; }
    /// <summary>Nominal additions as a share of the initial value, in whole percent.</summary>
    public int? AdditionsPercent { get; init; }
    public LegalAdditionLimit.Result? AdditionsInMinimumWages { get; init; }
    public bool AdditionsOverLegalLimit => AdditionsInMinimumWages?.OverLimit == true;

    public decimal? Paid { get; init; }
    public decimal? Pending { get; init; }
    public int? PaidPercent { get; init; }

    /// <summary>End date minus the days SECOP says were added: the end agreed when the contract was signed.</summary>
    public DateOnly? OriginalEnd { get; init; }
    public int? AddedDays { get; init; }
    /// <summary>Synchronised changes that added days (or, without that column, moved the end later).</summary>
    public int Extensions { get; init; }
    public int? DaysLeft { get; init; }
    public int? DaysOverdue { get; init; }
    public int? TimeElapsedPercent { get; init; }

    public bool IsFinished { get; init; }
    public bool IsSuspended { get; init; }
    /// <summary>SECOP II records the contract as cancelled or not yet signed (a draft, sent to the supplier, awaiting
    /// approval; <see cref="Contract.IsSigned"/>): no term runs, so no countdown, delay or suspension is told.</summary>
    public bool IsCancelledOrUnsigned { get; init; }
    /// <summary>Neither over nor cancelled or unsigned: a term that runs (or is paused).</summary>
    public bool IsLive => !IsFinished && !IsCancelledOrUnsigned;
    /// <summary>The contractor's document, or null when SECOP's cell is a placeholder ("0000000", all zeros).</summary>
    public string? ContractorDocument { get; init; }
    public string StatusExplained { get; init; } = "";
    public string Countdown { get; init; } = "";
    /// <summary>"NIT", "C.C.", "C.E."… from TipoDocProveedor; "Documento" when SECOP does not say which.</summary>
    public string ContractorDocumentLabel { get; init; } = "Documento";
    public IReadOnlyList<string> RedFlags { get; init; } = [];

    // SECOP's states for works that are over; the others are still running (or paused).
    static readonly HashSet<string> FinishedStates = new(StringComparer.OrdinalIgnoreCase) { "terminado", "Cerrado", "Liquidado" };

    // States a contract has before its execution starts, so before any modification: a first version seen in one of
    // these, with no added days, still carries the value it was signed for. Not "En ejecución" nor "Activo": SECOP II
    // publishes only the current value, and a contract already running may have been added to before ObrasQr saw it.
    static readonly HashSet<string> UnmodifiedStates = new(StringComparer.OrdinalIgnoreCase)
    {
        "Borrador", "enviado Proveedor", "En aprobación", "En aprobacion", "Aprobado", "Firmado", "Celebrado",
    };

    static readonly CultureInfo Colombia = CultureInfo.GetCultureInfo("es-CO");

    public static ContractFacts Of(IReadOnlyList<ContractVersion> history, DateOnly today)
    {
        var summary = ContractFactsSummary.Of(history);
        return From(summary, history.First(v => v.Number == summary.Through), today);
    }

    /// <summary>The facts from the history's summary (<see cref="ContractFactsSummary"/>, a fold over every version)
    /// and the current version: the same facts as <see cref="Of"/> over the whole history.</summary>
    public static ContractFacts From(ContractFactsSummary history, ContractVersion currentVersion, DateOnly today)
    {
        if (history.Through != currentVersion.Number)
            throw new ArgumentException("The summary must end at the current version.", nameof(history));
        var current = currentVersion.Contract;
        var flags = new List<string>();

        // Money. The initial value is known only when ObrasQr saw the contract before it was modified.
        decimal? initial = null, additions = null;
        LegalAdditionLimit.Result? inWages = null;
        var notInSecop = ManualWorks.IsManual(currentVersion);
        var who = Who(notInSecop);
        if (notInSecop)
            initial = history.FirstValue;   // the value the entity registered; what was added to it is not published anywhere
        else if (UnmodifiedStates.Contains(history.FirstStatus?.Trim() ?? "") && (history.FirstAddedDays ?? 0) == 0)
        {
            initial = history.FirstValue;
            additions = history.Additions;
            inWages = LegalAdditionLimit.Check(history.FirstValue, history.FirstSignedOn, history.AddedWages, history.AdditionYears);
        }
        decimal? firstSeen = null, additionsSeen = null;
        if (!notInSecop && initial is null) (firstSeen, additionsSeen) = (history.FirstValue, history.Additions);
        if (inWages is { OverLimit: true } over)
            flags.Add($"Las adiciones suman {over.SharePercent} % del valor inicial expresado en salarios mínimos (SMMLV): " +
                      "superan el límite del 50 % de la Ley 80 de 1993 (art. 40, parágrafo).");

        decimal? paid = current.PaidValue is { } p ? Math.Min(p, current.Value) : null;

        // Time.
        var status = current.Status?.Trim() ?? "";
        var finished = FinishedStates.Contains(status);
        var unsigned = !current.IsSigned && status.Length > 0;
        var suspended = !unsigned && string.Equals(status, "Suspendido", StringComparison.OrdinalIgnoreCase);
        var extensions = history.Extensions;
        var originalEnd = current.EndsOn is { } end0 && current.AddedDays is > 0 and var added ? SafeMath.AddDays(end0, -added) : current.EndsOn;

        int? daysLeft = null, daysOverdue = null, elapsed = null;
        if (current.EndsOn is { } end)
        {
            // A suspended contract's term is paused: neither a countdown nor a delay can be told from its dates.
            var remaining = end.DayNumber - today.DayNumber;
            // Nor for a contract cancelled or not signed: its dates are a plan, not a term that runs.
            var runs = !finished && !suspended && !unsigned;
            if (runs && remaining < 0) daysOverdue = -remaining;
            else if (runs) daysLeft = remaining;
            if (!unsigned && current.StartsOn is { } start && end > start)
                elapsed = SafeMath.Percent(Math.Clamp(today.DayNumber - start.DayNumber, 0, end.DayNumber - start.DayNumber), end.DayNumber - start.DayNumber);
        }

        if (daysOverdue is { } late)
            flags.Add($"La fecha de terminación prevista ({ContractChanges.Date(current.EndsOn)}) pasó hace {Days(late)} y {Lower(who)} no registra el contrato como terminado.");
        if (suspended)
            flags.Add($"{who} registra el contrato como suspendido: los trabajos están detenidos.");
        var originalTerm = current.StartsOn is { } s && originalEnd is { } oe ? oe.DayNumber - s.DayNumber : 0;
        if (extensions >= 2)
            flags.Add($"El plazo se amplió {extensions} veces desde que ObrasQr sigue este contrato.");
        if (originalTerm > 0 && current.AddedDays is { } addedDays && addedDays > originalTerm * LongExtensionShare)
            flags.Add($"{who} registra {Days(addedDays)} adicionados al plazo: {SafeMath.Percent(addedDays, originalTerm)} % del plazo original.");

        return new ContractFacts
        {
            Current = current,
            NotInSecop = notInSecop,
            InitialValue = initial,
            Additions = additions,
            FirstSeenValue = firstSeen,
            AdditionsSeen = additionsSeen,
            AdditionsPercent = additions is { } a && initial is { } i ? SafeMath.Percent(a, i) : null,
            AdditionsInMinimumWages = inWages,
            Paid = paid,
            Pending = paid is { } pd ? current.Value - pd : null,
            PaidPercent = paid is { } pp ? SafeMath.Percent(pp, current.Value) : null,
            OriginalEnd = originalEnd,
            AddedDays = current.AddedDays,
            Extensions = extensions,
            DaysLeft = daysLeft,
            DaysOverdue = daysOverdue,
            TimeElapsedPercent = elapsed,
            IsFinished = finished,
            IsSuspended = suspended,
            IsCancelledOrUnsigned = unsigned,
            StatusExplained = Explain(status, current, daysOverdue, who),
            Countdown = CountdownText(finished, suspended, unsigned, daysOverdue, daysLeft, current.EndsOn),
            ContractorDocument = IsPlaceholderDocument(current.ContractorDocument) ? null : current.ContractorDocument,
            ContractorDocumentLabel = DocumentLabel(current.ContractorDocumentType),
            RedFlags = flags,
        };
    }

    // Who a sentence says records the facts: SECOP II, or for a work registered by hand, the entity itself.
    static string Who(bool notInSecop) => notInSecop ? "La entidad" : "SECOP II";
    static string Lower(string who) => who == "La entidad" ? "la entidad" : who;

    // The state in SECOP's words, then what the dates say; never "sigue en ejecución" when the term is over. What a
    // state does not record is said as such: "terminado" does not say whether the contract was settled (liquidado),
    // "Cerrado" does not say how it ended.
    static string Explain(string status, Contract current, int? daysOverdue, string who)
    {
        var said = status.ToLowerInvariant() switch
        {
            "cancelado" => $"{who} registra este contrato como cancelado.",
            "borrador" => $"{who} registra este contrato como borrador: no registra que se haya firmado.",
            "enviado proveedor" => $"{who} registra este contrato como enviado al proveedor: no registra que se haya firmado.",
            "en aprobación" or "en aprobacion" => $"{who} registra este contrato en aprobación: no registra que se haya firmado.",
            "en ejecución" or "en ejecucion" => $"{who} registra la obra en ejecución.",
            "modificado" => $"{who} registra que el contrato fue modificado (valor, plazo u otras condiciones).",
            "prorrogado" => $"{who} registra que se amplió el plazo del contrato.",
            "suspendido" => $"{who} registra el contrato como suspendido: los trabajos están detenidos y el plazo no corre.",
            "terminado" => $"{who} registra el contrato como terminado; no registra si ya se liquidó.",
            "cerrado" => $"{who} registra el contrato como cerrado.",
            "liquidado" => $"{who} registra el contrato como liquidado.",
            "cedido" => $"{who} registra que el contrato fue cedido a otro contratista.",
            "aprobado" => $"{who} registra el contrato como aprobado.",
            "" => $"{who} no informa el estado del contrato.",
            _ => $"Estado que registra {Lower(who)}: {status}.",
        };
        return daysOverdue is not null
            ? $"{said} Su fecha de terminación prevista ({ContractChanges.Date(current.EndsOn)}) ya pasó."
            : said;
    }

    static string CountdownText(bool finished, bool suspended, bool unsigned, int? overdue, int? left, DateOnly? end) =>
        unsigned ? "Sin plazo en curso: SECOP II no registra este contrato en ejecución." :
        finished ? "La obra terminó." :
        suspended ? "Plazo suspendido: la cuenta se detiene mientras el contrato esté suspendido." :
        overdue is { } late ? $"Vencido hace {Days(late)}" :
        left is { } l ? (l == 0 ? "Hoy vence el plazo" : $"Faltan {Days(l)}") :
        end is null ? "Sin fecha de terminación" : "";

    /// <summary>What SECOP writes where it has no document: all zeros ("0000000"), or a placeholder word. Hidden on the
    /// page, not dropped on import: the row is stored as SECOP published it.</summary>
    public static bool IsPlaceholderDocument(string? document) =>
        Secop.SecopValues.IsEmpty(document) || document!.Trim().All(c => c == '0' || c is '.' or '-' or ' ');

    /// <summary>The label of the contractor's document, from SECOP's TipoDocProveedor.</summary>
    public static string DocumentLabel(string? type)
    {
        var t = (type ?? "").Trim().ToLowerInvariant().Replace('é', 'e').Replace('í', 'i');
        return t switch
        {
            "" => "Documento",
            _ when t.Contains("nit") || t.Contains("tributario") => "NIT",
            _ when t.Contains("extranjeria") || t is "ce" or "c.e." => "C.E.",
            _ when t.Contains("ciudadania") || t is "cc" or "c.c." => "C.C.",
            _ when t.Contains("pasaporte") => "Pasaporte",
            _ when t.Contains("tarjeta de identidad") => "T.I.",
            _ => type!.Trim(),
        };
    }

    public static string Days(int days) => days == 1 ? "1 día" : $"{days.ToString("#,0", Colombia)} días";
}
